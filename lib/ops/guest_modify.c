/* guest_modify.c: change a guest (hpvmmodify) in one transaction; a running guest takes what it can at once, the rest at its next start. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/name.h"
#include "base/path.h"
#include "model/guest.h"
#include "model/guest_index.h"
#include "ops/guest_define.h"
#include "ops/guest_modify.h"
#include "store/devdb.h"
#include "store/devdb_guest.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"
#include "store/guest_xml.h"
#include "vmm/guest_log.h"
#include "vmm/hotplug.h"
#include "vmm/runtime.h"

/* Write the changed guest: reserve (new name too), save, swap names, then release what is no longer used. */
static int
update_commit(const struct guest *old, struct guest *g, struct devdb *db, struct hpvm_err *e)
{
	char newname[GUEST_NAME_MAX + 1];
	int renamed = strcmp(old->name, g->name) != 0;

	if (renamed && devdb_guest_rename(db, old->name, g->name) == -1)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	if (devdb_save(db, e) == -1)
		return -1;
	if (renamed) {
		/* guest_store_rename() moves the guest from its old name to the new one. */
		strcpy(newname, g->name);
		strcpy(g->name, old->name);
		if (guest_store_rename(g, newname, e) == -1)
			return -1;
		devdb_guest_release(db, old->name, NULL);
	} else if (guest_store_save(g, CONFIG_CURRENT, e) == -1)
		return -1;
	devdb_guest_release(db, g->name, g);
	return devdb_save(db, e);
}

/* Do `old` and `g` differ in their console access lists (-u, -g) only? */
static int
access_only(const struct guest *old, const struct guest *g)
{
	struct guest a;
	char *ta = NULL, *tb = NULL;
	size_t la, lb;
	int same = 0;

	if (guest_copy(&a, old) == -1)
		return 0;
	memcpy(a.users, g->users, sizeof(a.users));
	memcpy(a.groups, g->groups, sizeof(a.groups));
	a.nusers = g->nusers;
	a.ngroups = g->ngroups;
	if (guest_xml_format(&a, &ta, &la, NULL) == 0 && guest_xml_format(g, &tb, &lb, NULL) == 0)
		same = la == lb && memcmp(ta, tb, la) == 0;
	free(ta);
	free(tb);
	guest_free(&a);
	return same;
}

/*
 * A running guest takes disk and DVD changes at once, and console access changes (the vMP's
 * business, not QEMU's); anything else is kept in vmm_config.next for its next start. Devices
 * stay reserved for both until then.
 */
static int
update_running(const struct guest *cur, int pending, struct guest *g, struct devdb *db,
    struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN];
	enum live_result live;

	if (!pending && access_only(cur, g)) {
		if (update_commit(cur, g, db, e) == -1)
			return -1;
		guest_log(g->uuid, "console access changed");
		return 0;
	}
	live = pending ? LIVE_NEEDS_RESTART : hotplug_apply(cur, g, e);
	if (live == LIVE_FAILED)
		return -1;
	if (live == LIVE_APPLIED)
		return update_commit(cur, g, db, e);
	if (strcmp(cur->name, g->name) != 0)
		return hpvm_fail(e, EBUSY, "A running guest can be renamed only on its own or with "
		    "disk and DVD changes; stop it first.");
	if (devdb_save(db, e) == -1 || guest_store_save(g, CONFIG_NEXT, e) == -1)
		return -1;
	guest_store_slot_path(g->uuid, CONFIG_NEXT, path, sizeof(path), NULL);
	hpvm_warn(e, "The guest is running: the changes are saved in %s and take effect at the "
	    "next start.", path_unrooted(path));
	guest_log(g->uuid, "configuration changes saved for the next start");
	return 0;
}

/*
 * The index entry follows what is on disk now: `g` when it became the configuration, `cur`
 * when `g` waits in vmm_config.next for a running guest's next start. The index is a cache:
 * were this cut short, the next command would see the entry does not match and read again.
 */
static void
index_update(struct guest_index *ix, const char *uuid, const struct guest *cur,
    const struct guest *g)
{
	if (guest_scan_put(ix, guest_store_has_slot(uuid, CONFIG_NEXT) ? cur : g, NULL) == 0)
		guest_scan_save(ix, NULL);
}

/* Modify a guest in one transaction: load, edit, validate the whole result, write. */
int
guest_modify(const char *name, guest_editor edit, const void *arg, enum define_mode mode,
    struct hpvm_err *e)
{
	struct guest cur, old, g;
	struct guest_index ix;
	struct devdb db;
	char uuid[UUID_STR_LEN + 1];
	int lk, rc = -1, pending = 0, running;

	if ((lk = runtime_lock_scan(&ix, name, e)) == -1)
		return -1;
	if (guest_store_load(name, &cur, e) == -1)
		goto out_ix;
	snprintf(uuid, sizeof(uuid), "%s", cur.uuid);
	running = runtime_is_running(uuid);
	/* Edits build on changes already waiting for the next start. */
	pending = guest_store_has_slot(uuid, CONFIG_NEXT);
	if (pending ? guest_store_load_slot(name, CONFIG_NEXT, &old, e) == -1 : guest_copy(&old, &cur) == -1) {
		if (hpvm_nerrors(e) == 0)
			hpvm_fail(e, ENOMEM, "Out of memory.");
		goto out_cur;
	}
	if (guest_copy(&g, &old) == -1) {
		hpvm_fail(e, ENOMEM, "Out of memory.");
		goto out_old;
	}
	/* Options that do not parse still leave the rest to check: every problem at once. */
	if (edit(&g, arg, e) == -1)
		mode = DEFINE_CHECK_ONLY;
	if (!old.modifiable && !g.modifiable) {
		hpvm_fail(e, EPERM, "The guest is not modifiable (modify_status is disabled).");
		goto out_g;
	}
	if (strcmp(old.name, g.name) != 0 &&
	    (name_check_guest(g.name, e) == -1 || guest_store_exists(g.name))) {
		if (e->n == 0 || hpvm_nerrors(e) == 0)
			hpvm_fail(e, EEXIST, "A guest named '%s' already exists.", g.name);
		goto out_g;
	}
	if (devdb_load(&db, e) == -1)
		goto out_g;
	/* Reserve under the old name; a rename moves the dependents afterwards. */
	if (guest_define_prepare(&g, &ix, &db, old.name, DEVDB_SHARING_REFUSED, e) == 0 && mode == DEFINE_WRITE) {
		if (running)
			rc = update_running(&cur, pending, &g, &db, e);
		else if ((rc = update_commit(&old, &g, &db, e)) == 0 && pending)
			guest_store_drop_slot(uuid, CONFIG_NEXT);
		if (rc == 0)
			index_update(&ix, uuid, &cur, &g);
	} else if (mode == DEFINE_CHECK_ONLY && hpvm_nerrors(e) == 0)
		rc = 0;
	if (hpvm_nerrors(e) > 0)
		rc = -1;
	devdb_free(&db);
out_g:
	guest_free(&g);
out_old:
	guest_free(&old);
out_cur:
	guest_free(&cur);
out_ix:
	guest_index_free(&ix);
	runtime_unlock(lk);
	return rc;
}
