/* guest_define.c: define a new guest (hpvmcreate, hpvmclone) as one transaction: validate everything, reserve, write. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/name.h"
#include "base/uuid.h"
#include "model/alloc.h"
#include "model/guest.h"
#include "model/guest_index.h"
#include "model/validate.h"
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
    const char *as, struct hpvm_err *e)
{
	int rc = 0;

	if (alloc_addresses(g, e) == -1 || alloc_macs(g, ix, &probe_host, e) == -1)
		rc = -1;
	if (rc == 0 && validate_guest(g, ix, &probe_host, e) == -1)
		rc = -1;
	if (devdb_guest_reserve(db, g, as, e) == -1)
		rc = -1;
	return rc;
}

/*
 * Define a new guest (hpvmcreate, hpvmclone). With DEFINE_CHECK_ONLY nothing is written.
 * The device database is written before the configuration: its reservations may only
 * ever be a superset of what configurations use, so a crash never frees a used device.
 */
int
guest_define(struct guest *g, enum define_mode mode, guest_hook hook, void *arg,
    struct hpvm_err *e)
{
	struct guest_index ix;
	struct devdb db;
	int lk, rc = -1;

	if (name_check_guest(g->name, e) == -1)
		return -1;
	if ((lk = runtime_lock_scan(&ix, NULL, e)) == -1)
		return -1;
	if (devdb_load(&db, e) == -1)
		goto out_ix;
	if (guest_store_exists(g->name)) {
		hpvm_fail(e, EEXIST, "A guest named '%s' already exists.", g->name);
		goto out_db;
	}
	if (uuid_generate(g->uuid, sizeof(g->uuid)) == -1) {
		hpvm_fail(e, EIO, "Unable to generate a UUID.");
		goto out_db;
	}
	g->vmnum = guest_index_next_vmnum(&ix);
	if (guest_define_prepare(g, &ix, &db, g->name, e) == -1 || mode == DEFINE_CHECK_ONLY)
		goto out_db;
	if (hook != NULL) {
		if (hook(g, arg, e) == -1)
			goto out_db;
		devdb_guest_refresh(&db, g);
	}
	if (devdb_save(&db, e) == -1 || guest_store_create(g, e) == -1)
		goto out_db;
	/* The index follows the configuration in the same transaction; cut short, the next command sees it. */
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
