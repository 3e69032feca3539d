/* host_view.c: gather what hpvmstatus shows of the host itself, under the shared lock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/file.h"
#include "base/host.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/path.h"
#include "model/guest.h"
#include "ops/host_view.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"
#include "store/vswitch_config.h"
#include "vmm/accel.h"
#include "vmm/runtime.h"

static void
add_peer(struct host_view *hv, const char *name, size_t len)
{
	int i;

	if (len == 0 || len >= HOST_VIEW_NAME_LEN || hv->npeers == HOST_VIEW_PEERS ||
	    (len == strlen(hv->hostname) && strncmp(name, hv->hostname, len) == 0))
		return;
	for (i = 0; i < hv->npeers; i++)
		if (strlen(hv->peers[i]) == len && strncmp(hv->peers[i], name, len) == 0)
			return;
	snprintf(hv->peers[hv->npeers++], HOST_VIEW_NAME_LEN, "%.*s", (int)len, name);
}

/* The hosts a guest's log says it moved to or came from (hpvmmigrate's records). */
static void
peers_in_log(struct host_view *hv, const char *uuid)
{
	static const char *const marks[] = { " migrated to ", " migrated here from " };
	char path[HPVM_PATH_LEN], *text, *p;
	size_t i;

	if (path_build(path, sizeof(path), NULL, HPVM_UUIDS "/%s/log", uuid) == -1 ||
	    file_read_all(path, &text, NULL, NULL) == -1)
		return;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		for (p = text; (p = strstr(p, marks[i])) != NULL;) {
			p += strlen(marks[i]);
			add_peer(hv, p, strcspn(p, " \t\n("));
		}
	free(text);
}

static int
visit(const struct guest *g, void *arg)
{
	struct host_view *hv = arg;

	hv->nguests++;
	if (runtime_is_running(g->uuid)) {
		hv->nrunning++;
		hv->reserved_mb += g->reserved_mb;
	}
	peers_in_log(hv, g->uuid);
	return 0;
}

/* HPVM_MIGRATE_PEERS in hpvmconf: hosts named before any guest moved. */
static void
peers_in_conf(struct host_view *hv, const struct hpvm_conf *conf)
{
	const char *p = conf_get(conf, "HPVM_MIGRATE_PEERS", "");
	size_t n;

	while (*p != '\0') {
		p += strspn(p, " \t,");
		n = strcspn(p, " \t,");
		add_peer(hv, p, n);
		p += n;
	}
}

int
host_view_load(struct host_view *hv, struct hpvm_err *e)
{
	struct hpvm_conf conf;
	char **names;
	size_t n;
	int lk, i;

	memset(hv, 0, sizeof(*hv));
	gethostname(hv->hostname, sizeof(hv->hostname) - 1);
	host_uuid(hv->uuid, sizeof(hv->uuid), NULL);
	hv->ncpus = host_ncpus();
	hv->cpu_mhz = host_cpu_mhz();
	hv->mem_total_mb = host_meminfo_mb("MemTotal:");
	hv->mem_avail_mb = host_meminfo_mb("MemAvailable:");
	for (i = OS_UNKNOWN; i <= OS_WINDOWS; i++)
		if (guest_os_limits((enum ostype)i)->max_vcpus > hv->max_vcpus)
			hv->max_vcpus = guest_os_limits((enum ostype)i)->max_vcpus;
	if (hv->max_vcpus > hv->ncpus)
		hv->max_vcpus = hv->ncpus;
	conf_load(&conf, NULL);
	hv->accel = accel_explain(conf_get(&conf, "HPVM_ACCEL", "auto"), hv->accel_why,
	    sizeof(hv->accel_why));
	peers_in_conf(hv, &conf);
	if ((lk = lock_global(LOCK_SHARED_MODE, e)) == -1)
		return -1;
	if (vswitch_config_names(&names, &n, NULL) == 0) {
		hv->nvswitches = (int)n;
		vswitch_config_names_free(names, n);
	}
	guest_scan_each(visit, hv, NULL);
	lock_release(lk);
	return 0;
}
