/* guest_define.c: define a new guest (hpvmcreate, hpvmclone) as one transaction: validate everything, reserve, write. */
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/path.h"
#include "base/name.h"
#include "base/uuid.h"
#include "model/alloc.h"
#include "model/guest.h"
#include "model/guest_change.h"
#include "model/guest_index.h"
#include "model/validate.h"
#include "net/guest_nic.h"
#include "ops/guest_define.h"
#include "store/devdb.h"
#include "store/devdb_guest.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"
#include "store/probe_host.h"
#include "vmm/runtime.h"

/* Fill in what the user left out and validate; devdb reservations go into `db` (not saved). Modify shares it. */
int
guest_define_prepare(struct guest *g, const struct guest_index *ix, struct devdb *db,
    const char *as, enum devdb_sharing sharing, struct hpvm_err *e)
{
	int rc = 0;

	if (alloc_addresses(g, e) == -1 || alloc_macs(g, ix, &probe_host, e) == -1 ||
	    guest_nic_reserve_ports(g, ix, as, e) == -1 ||
	    guest_change_round_cycles(g, probe_host.cpu_mhz(), e) == -1)
		rc = -1;
	if (rc == 0 && validate_guest(g, ix, &probe_host, e) == -1)
		rc = -1;
	if (devdb_guest_reserve(db, g, as, sharing, e) == -1)
		rc = -1;
	return rc;
}

/*
 * A new guest gets a new UUID; a guest migrated here keeps the one it has, if it is free
 * here or belongs to `replace`, the copy it left when it last moved away.
 */
static int
define_identity(struct guest *g, int keep_uuid, const struct guest *replace, struct hpvm_err *e)
{
	char dir[HPVM_PATH_LEN];
	struct stat st;

	if (replace != NULL && strcmp(replace->uuid, g->uuid) == 0)
		return 0;
	if (!keep_uuid) {
		if (uuid_generate(g->uuid, sizeof(g->uuid)) == -1)
			return hpvm_fail(e, EIO, "Unable to generate a UUID.");
		return 0;
	}
	if (!uuid_valid(g->uuid))
		return hpvm_fail(e, EINVAL, "'%s' is not a UUID.", g->uuid);
	if (guest_store_dir(g->uuid, dir, sizeof(dir), e) == -1)
		return -1;
	if (lstat(dir, &st) == 0)
		return hpvm_fail(e, EEXIST, "A guest with the UUID %s already exists.", g->uuid);
	return 0;
}

/*
 * Define a guest. With DEFINE_CHECK_ONLY nothing is written. The device database is
 * written before the configuration: its reservations may only ever be a superset of what
 * configurations use, so a crash never frees a used device.
 */
static int
define_guest(struct guest *g, enum define_mode mode, int keep_uuid, const struct guest *replace,
    enum devdb_sharing sharing, guest_hook hook, void *arg, struct hpvm_err *e)
{
	struct guest_index ix;
	struct devdb db;
	int lk, rc = -1;

	if (name_check_guest(g->name, e) == -1)
		return -1;
	/* The copy a migrated guest replaces counts for nothing that must stay unique. */
	if ((lk = runtime_lock_scan(&ix, replace != NULL ? replace->name : NULL, e)) == -1)
		return -1;
	if (devdb_load(&db, e) == -1)
		goto out_ix;
	if (replace != NULL)
		devdb_guest_release(&db, replace->name, NULL);
	/* Every problem at once: a migration's target answers with all of them. */
	if (guest_store_exists(g->name) && (replace == NULL || strcmp(replace->name, g->name) != 0))
		hpvm_fail(e, EEXIST, "A guest named '%s' already exists.", g->name);
	define_identity(g, keep_uuid, replace, e);
	g->vmnum = guest_index_next_vmnum(&ix);
	if (guest_define_prepare(g, &ix, &db, g->name, sharing, e) == -1 || hpvm_nerrors(e) > 0 ||
	    mode == DEFINE_CHECK_ONLY)
		goto out_db;
	if (hook != NULL) {
		if (hook(g, arg, e) == -1)
			goto out_db;
		devdb_guest_refresh(&db, g);
	}
	if (replace != NULL && guest_store_remove(replace, e) == -1)
		goto out_db;
	if (devdb_save(&db, e) == -1 || guest_store_create(g, e) == -1)
		goto out_db;
	/* The index follows the configuration in the same transaction; cut short, the next command sees it. */
	if (replace != NULL)
		guest_index_remove(&ix, replace->uuid);
	if (guest_scan_put(&ix, g, NULL) == 0)
		guest_scan_save(&ix, NULL);
	rc = 0;
out_db:
	if (mode == DEFINE_CHECK_ONLY && hpvm_nerrors(e) == 0)
		rc = 0;
	devdb_free(&db);
out_ix:
	guest_index_free(&ix);
	runtime_unlock(lk);
	return rc;
}

/* A new guest (hpvmcreate, hpvmclone). */
int
guest_define(struct guest *g, enum define_mode mode, guest_hook hook, void *arg,
    struct hpvm_err *e)
{
	return define_guest(g, mode, 0, NULL, DEVDB_SHARING_REFUSED, hook, arg, e);
}

/*
 * A new guest that may share storage other guests hold (hpvmclone): HP judges sharing when a
 * guest starts, so each shared device is a warning here, and hpvmstart refuses to run two
 * guests on one device that is not sharable.
 */
int
guest_define_sharing(struct guest *g, enum define_mode mode, guest_hook hook, void *arg,
    struct hpvm_err *e)
{
	return define_guest(g, mode, 0, NULL, DEVDB_SHARING_WARNED, hook, arg, e);
}

/*
 * A guest that arrives from another host: its UUID and MACs stay; it gets a VM number here.
 * `replace` (or NULL) is the not-runnable copy it left here when it last moved away, and
 * goes in the same transaction; the caller has checked it is not running.
 */
int
guest_define_migrated(struct guest *g, const struct guest *replace, enum define_mode mode,
    struct hpvm_err *e)
{
	return define_guest(g, mode, 1, replace, DEVDB_SHARING_REFUSED, NULL, NULL, e);
}
