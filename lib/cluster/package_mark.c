/* package_mark.c: mark a guest as owned by a cluster package, or free it again, on disk. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "base/lock.h"
#include "cluster/package_mark.h"
#include "model/cluster_mark.h"
#include "model/guest.h"
#include "model/guest_index.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"
#include "vmm/guest_log.h"
#include "vmm/runtime.h"

/* Set the mark in one configuration slot, if the guest has that slot. */
static int
mark_slot(const char *name, const char *uuid, enum config_slot s, const char *package,
    struct hpvm_err *e)
{
	struct guest g;
	int rc;

	if (s != CONFIG_CURRENT && !guest_store_has_slot(uuid, s))
		return 0;
	if (guest_store_load_slot(name, s, &g, e) == -1)
		return -1;
	snprintf(g.cluster, sizeof(g.cluster), "%s", package);
	rc = guest_store_save(&g, s, e);
	guest_free(&g);
	return rc;
}

/*
 * The mark is not a runtime property: a running guest takes it at once, in its current
 * configuration and in changes waiting for its next start alike. `package` "" frees the
 * guest. `out` (initialized by the caller, freed by it) gets the marked configuration.
 */
int
package_mark_set(const char *name, const char *package, struct guest *out, struct hpvm_err *e)
{
	struct guest_index ix;
	char uuid[UUID_STR_LEN + 1];
	int lk, rc = -1;

	if (*package != '\0' && cluster_package_check(package, e) == -1)
		return -1;
	if ((lk = runtime_lock_scan(&ix, NULL, e)) == -1)
		return -1;
	if (guest_store_lookup(name, uuid, sizeof(uuid), e) == 0 &&
	    mark_slot(name, uuid, CONFIG_NEXT, package, e) == 0 &&
	    mark_slot(name, uuid, CONFIG_CURRENT, package, e) == 0 &&
	    guest_store_load(name, out, e) == 0) {
		/* The index follows the configurations; cut short, the next command reads them again. */
		if (guest_scan_put(&ix, out, NULL) == 0)
			guest_scan_save(&ix, NULL);
		if (*package != '\0')
			guest_log(uuid, "now managed by cluster package '%s'", package);
		else
			guest_log(uuid, "no longer managed by a cluster package");
		rc = 0;
	}
	guest_index_free(&ix);
	runtime_unlock(lk);
	return rc;
}
