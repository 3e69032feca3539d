/* qmp_stats.h: QEMU's answers to query-blockstats and query-cpus-fast read into plain numbers (json-c, no I/O). */
#ifndef HPVM_QMP_STATS_H
#define HPVM_QMP_STATS_H

#include <stdint.h>
#include <json-c/json.h>

#define QMP_STATS_NAME_MAX	128

/* One drive's counters since QEMU started. */
struct qmp_blockstat {
	char		drive[QMP_STATS_NAME_MAX];	/* "device" (a -drive id), or "" */
	char		node[QMP_STATS_NAME_MAX];	/* "node-name" (a hot-plugged blockdev), or "" */
	char		qdev[QMP_STATS_NAME_MAX];	/* the guest device's id or QOM path, or "" */
	uint64_t	rd_bytes, wr_bytes, rd_ops, wr_ops, rd_ns, wr_ns;
};

/* One vCPU and the host thread that runs it. */
struct qmp_vcpu {
	int	index;
	long	thread;
};

int	qmp_stats_blockstats(json_object *ret, struct qmp_blockstat *out, int max);
int	qmp_stats_cpus(json_object *ret, struct qmp_vcpu *out, int max);
int	qmp_stats_blockstat_is(const struct qmp_blockstat *b, const char *drive, const char *dev);

#endif
