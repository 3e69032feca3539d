/* guest_ops.c: create/clone, modify and remove as transactions: validate everything, then reserve, then write. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "devdb.h"
#include "err.h"
#include "guest.h"
#include "guest_index.h"
#include "guest_ops.h"
#include "guest_run.h"
#include "guest_store.h"
#include "hotplug.h"
#include "paths.h"
#include "runtime.h"
#include "lock.h"
#include "names.h"
#include "validate.h"

/* Fill in what the user left out and validate; devdb reservations go into `db` (not saved). */
static int
guest_prepare(struct guest *g, const struct guest_index *ix, struct devdb *db,
    const char *as, struct hpvm_err *e)
{
	int rc = 0;

	if (alloc_addresses(g, e) == -1 || alloc_macs(g, ix, e) == -1)
		rc = -1;
	if (rc == 0 && guest_validate(g, ix, e) == -1)
		rc = -1;
	if (devdb_reserve_guest(db, g, as, e) == -1)
		rc = -1;
	return rc;
}

/*
 * Define a new guest (hpvmcreate, hpvmclone). With `check_only` nothing is written.
 * The device database is written before the configuration: its reservations may only
 * ever be a superset of what configurations use, so a crash never frees a used device.
 */
int
guest_define(struct guest *g, int check_only, guest_hook hook, void *arg, struct hpvm_err *e)
{
	struct guest_index ix;
	struct devdb db;
	int lk, rc = -1;

	if (name_check_guest(g->name, e) == -1)
		return -1;
	if ((lk = lock_global(LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if (guest_index_scan(&ix, NULL, 1, e) == -1)
		goto out_lock;
	if (devdb_load(&db, e) == -1)
		goto out_ix;
	if (guest_exists(g->name)) {
		hpvm_fail(e, EEXIST, "A guest named '%s' already exists.", g->name);
		goto out_db;
	}
	if (uuid_generate_str(g->uuid, sizeof(g->uuid)) == -1) {
		hpvm_fail(e, EIO, "Unable to generate a UUID.");
		goto out_db;
	}
	g->vmnum = guest_index_next_vmnum(&ix);
	if (guest_prepare(g, &ix, &db, g->name, e) == -1 || check_only)
		goto out_db;
	if (hook != NULL) {
		if (hook(g, arg, e) == -1)
			goto out_db;
		devdb_refresh_guest(&db, g);
	}
	if (devdb_save(&db, e) == -1 || guest_store_create(g, e) == -1)
		goto out_db;
	rc = 0;
out_db:
	if (check_only && hpvm_nerrors(e) == 0)
		rc = 0;
	devdb_free(&db);
out_ix:
	guest_index_free(&ix);
out_lock:
	lock_release(lk);
	return rc;
}

/* Write the changed guest: reserve (new name too), save, swap names, then release what is no longer used. */
static int
update_commit(const struct guest *old, struct guest *g, struct devdb *db, struct hpvm_err *e)
{
	char newname[GUEST_NAME_MAX + 1];
	int renamed = strcmp(old->name, g->name) != 0;

	if (renamed && devdb_rename_dependent(db, old->name, g->name) == -1)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	if (devdb_save(db, e) == -1)
		return -1;
	if (renamed) {
		/* guest_store_rename() moves the guest from its old name to the new one. */
		strcpy(newname, g->name);
		strcpy(g->name, old->name);
		if (guest_store_rename(g, newname, e) == -1)
			return -1;
		devdb_release_guest(db, old->name, NULL);
	} else if (guest_save(g, CONFIG_CURRENT, e) == -1)
		return -1;
	devdb_release_guest(db, g->name, g);
	return devdb_save(db, e);
}

/*
 * A running guest takes disk and DVD changes at once; anything else is kept in
 * vmm_config.next for its next start. Devices stay reserved for both until then.
 */
static int
update_running(const struct guest *cur, int pending, struct guest *g, struct devdb *db,
    struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN];
	enum live_result live = pending ? LIVE_NEEDS_RESTART : guest_apply_live(cur, g, e);

	if (live == LIVE_FAILED)
		return -1;
	if (live == LIVE_APPLIED)
		return update_commit(cur, g, db, e);
	if (strcmp(cur->name, g->name) != 0)
		return hpvm_fail(e, EBUSY, "A running guest can be renamed only on its own or with "
		    "disk and DVD changes; stop it first.");
	if (devdb_save(db, e) == -1 || guest_save(g, CONFIG_NEXT, e) == -1)
		return -1;
	hpvm_path(path, sizeof(path), HPVM_UUIDS "/%s/vmm_config.next", g->uuid);
	hpvm_warn(e, "The guest is running: the changes are saved in %s and take effect at the "
	    "next start.", path + strlen(hpvm_root()));
	guest_log(g->uuid, "configuration changes saved for the next start");
	return 0;
}

/* Modify a guest in one transaction: load, edit, validate the whole result, write. */
int
guest_update(const char *name, guest_editor edit, void *arg, int check_only, struct hpvm_err *e)
{
	struct guest cur, old, g;
	struct guest_index ix;
	struct devdb db;
	char uuid[UUID_STR_LEN + 1];
	int lk, rc = -1, pending = 0, running;

	if ((lk = lock_global(LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if (guest_load(name, &cur, e) == -1)
		goto out_lock;
	snprintf(uuid, sizeof(uuid), "%s", cur.uuid);
	running = guest_is_running(uuid);
	/* Edits build on changes already waiting for the next start. */
	pending = guest_has_slot(uuid, CONFIG_NEXT);
	if (pending ? guest_load_slot(name, CONFIG_NEXT, &old, e) == -1 : guest_copy(&old, &cur) == -1) {
		if (hpvm_nerrors(e) == 0)
			hpvm_fail(e, ENOMEM, "Out of memory.");
		goto out_cur;
	}
	if (guest_copy(&g, &old) == -1) {
		hpvm_fail(e, ENOMEM, "Out of memory.");
		goto out_old;
	}
	if (edit(&g, arg, e) == -1)
		goto out_g;
	if (!old.modifiable && !g.modifiable) {
		hpvm_fail(e, EPERM, "The guest is not modifiable (modify_status is disabled).");
		goto out_g;
	}
	if (strcmp(old.name, g.name) != 0 &&
	    (name_check_guest(g.name, e) == -1 || guest_exists(g.name))) {
		if (e->n == 0 || hpvm_nerrors(e) == 0)
			hpvm_fail(e, EEXIST, "A guest named '%s' already exists.", g.name);
		goto out_g;
	}
	if (guest_index_scan(&ix, old.name, 1, e) == -1)
		goto out_g;
	if (devdb_load(&db, e) == -1)
		goto out_ix;
	/* Reserve under the old name; a rename moves the dependents afterwards. */
	if (guest_prepare(&g, &ix, &db, old.name, e) == 0 && !check_only) {
		if (running)
			rc = update_running(&cur, pending, &g, &db, e);
		else if ((rc = update_commit(&old, &g, &db, e)) == 0 && pending) {
			char path[HPVM_PATH_LEN];
			hpvm_path(path, sizeof(path), HPVM_UUIDS "/%s/vmm_config.next", uuid);
			unlink(path);
		}
	} else if (check_only && hpvm_nerrors(e) == 0)
		rc = 0;
	devdb_free(&db);
out_ix:
	guest_index_free(&ix);
out_g:
	guest_free(&g);
out_old:
	guest_free(&old);
out_cur:
	guest_free(&cur);
out_lock:
	lock_release(lk);
	return rc;
}

/* A damaged configuration can still be removed: its name and UUID come from the link. */
static int
load_for_removal(const char *name, struct guest *g, struct hpvm_err *e)
{
	struct hpvm_err le = {0};

	if (guest_load(name, g, &le) == 0)
		return 0;
	guest_init(g);
	if (guest_lookup(name, g->uuid, sizeof(g->uuid), e) == -1)
		return -1;
	snprintf(g->name, sizeof(g->name), "%s", name);
	hpvm_warn(e, "The configuration cannot be read (%s); removing it anyway.", le.msg[0].text);
	return 0;
}

/* Remove the configuration first, then release devices: a crash leaves extra reservations, never missing ones. */
int
guest_remove(const char *name, struct hpvm_err *e)
{
	struct guest g;
	struct devdb db;
	int lk, rc = -1;

	if ((lk = lock_global(LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if (load_for_removal(name, &g, e) == -1)
		goto out_lock;
	if (devdb_load(&db, e) == -1)
		goto out_g;
	if (guest_store_remove(&g, e) == 0) {
		devdb_release_guest(&db, g.name, NULL);
		rc = devdb_save(&db, e);
	}
	devdb_free(&db);
out_g:
	guest_free(&g);
out_lock:
	lock_release(lk);
	return rc;
}
