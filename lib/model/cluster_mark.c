/* cluster_mark.c: a guest that a cluster package owns is started, stopped and moved by the cluster, not by hand. */
#include <errno.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "base/name.h"
#include "model/cluster_mark.h"
#include "model/guest.h"

/*
 * HP: packaged guests are started and stopped only by the package's control commands, never
 * by hpvmstart or hpvmstop, and are not migrated; the cluster would otherwise find its guest
 * running where it did not put it, or gone. -F is the administrator's way past it.
 */
int
cluster_mark_refuse(const struct guest *g, enum cluster_action act, struct hpvm_err *e)
{
	static const char *const done[] = { "started", "stopped", "migrated" };

	if (g->cluster[0] == '\0')
		return 0;
	return hpvm_fail(e, EPERM, "The guest is configured as cluster package '%s' and must be "
	    "%s by the cluster; use -F to override.", g->cluster, done[act]);
}

/* Package names follow guest names (the package is usually named after its guest), shorter. */
int
cluster_package_check(const char *name, struct hpvm_err *e)
{
	if (strlen(name) > GUEST_CLUSTER_MAX)
		return hpvm_fail(e, EINVAL, "The cluster package name '%s' is longer than %d "
		    "characters.", name, GUEST_CLUSTER_MAX);
	return name_check_guest(name, e);
}
