/* host_view.h: the host as hpvmstatus -s, -S and -m show it: processors, memory, vswitches, accelerator, peers. */
#ifndef HPVM_HOST_VIEW_H
#define HPVM_HOST_VIEW_H

#include "base/uuid.h"

struct hpvm_err;

#define HOST_VIEW_PEERS		32
#define HOST_VIEW_NAME_LEN	256

struct host_view {
	char	hostname[HOST_VIEW_NAME_LEN];
	char	uuid[UUID_STR_LEN + 1];
	int	ncpus, cpu_mhz;
	long	mem_total_mb, mem_avail_mb;	/* -1 when the host does not tell */
	long	reserved_mb;			/* set aside for running guests (-R) */
	int	max_vcpus;			/* the most a guest can have here */
	int	nvswitches;
	const char *accel;			/* "KVM" or "TCG" */
	char	accel_why[160];
	int	nguests, nrunning;
	char	peers[HOST_VIEW_PEERS][HOST_VIEW_NAME_LEN];	/* migration peers known */
	int	npeers;
};

int	host_view_load(struct host_view *hv, struct hpvm_err *e);

#endif
