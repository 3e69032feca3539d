/* host_fmt.c: print the host's resources, scheduler and migration peers as HP's hpvmstatus printed its server views. */
#include <stdio.h>

#include "base/version.h"
#include "fmt/host_fmt.h"
#include "ops/host_view.h"

static void
mb_line(FILE *f, const char *key, long mb)
{
	if (mb < 0)
		fprintf(f, "%s = unknown\n", key);
	else
		fprintf(f, "%s = %ld Mbytes\n", key, mb);
}

/* -s: what guests can have of this host. */
void
host_fmt_server(FILE *f, const struct host_view *hv)
{
	long for_guests = hv->mem_avail_mb;

	fprintf(f, "[HPVM Server System Resources]\n");
	fprintf(f, "VM types supported by this VM Host = Shared\n");
	fprintf(f, "Processor speed = %d Mhz\n", hv->cpu_mhz);
	fprintf(f, "Total number of operable system cores = %d\n", hv->ncpus);
	mb_line(f, "Total physical memory", hv->mem_total_mb);
	mb_line(f, "Available memory for VMs", for_guests);
	fprintf(f, "Memory reserved for running VMs = %ld Mbytes\n", hv->reserved_mb);
	fprintf(f, "Maximum vcpus for a VM = %d\n", hv->max_vcpus);
	fprintf(f, "Current number of vswitches = %d\n", hv->nvswitches);
	fprintf(f, "Accelerator = %s (%s)\n", hv->accel, hv->accel_why);
	fprintf(f, "Number of VMs = %d (%d running)\n", hv->nguests, hv->nrunning);
}

/*
 * -S: HP's scheduler mode. Entitlement here is a figure hpvmsar measures use against, not a
 * cap the host enforces: every guest may use idle processors, HP's NON-CAPPED.
 */
void
host_fmt_scheduler(FILE *f, const struct host_view *hv)
{
	fprintf(f, "[HPVM Scheduler]\n");
	fprintf(f, "Scheduler mode = NON-CAPPED\n");
	fprintf(f, "Accelerator = %s\n", hv->accel);
	fprintf(f, "Processor speed = %d Mhz\n", hv->cpu_mhz);
	fprintf(f, "Entitlement granularity = 1%% (%d Mhz)\n", hv->cpu_mhz / 100);
}

/* -m: this host and the migration peers it knows, one line each. */
void
host_fmt_multiserver(FILE *f, const struct host_view *hv)
{
	int i;

	fprintf(f, "[HPVM Multi-Server Environment]\n"
	    "Host Name                        Role  Version  #VMs Running\n"
	    "================================ ===== ======== ==== =======\n");
	fprintf(f, "%-32s %-5s %-8s %4d %7d\n", hv->hostname, "local", HPVM_VERSION, hv->nguests,
	    hv->nrunning);
	for (i = 0; i < hv->npeers; i++)
		fprintf(f, "%-32s %-5s %-8s %4s %7s\n", hv->peers[i], "peer", "", "", "");
}
