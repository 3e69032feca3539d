/* guest_sample.h: what guests use, sampled once: vCPU threads' CPU time, memory, disk and tap counters; the one source for hpvmsar and hpvmsnmpd. */
#ifndef HPVM_GUEST_SAMPLE_H
#define HPVM_GUEST_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "ops/guest_view.h"

struct hpvm_err;

#define SAMPLE_VCPU_MAX	256

/* A disk's counters since QEMU started. */
struct sample_disk {
	size_t		dev;			/* index in the guest's devices */
	int		found;			/* QEMU reported the drive */
	uint64_t	rd_bytes, wr_bytes, rd_ops, wr_ops, rd_ns, wr_ns;
};

/* A NIC's counters from the guest's side (its tap counts from the host's: guest in = tap out). */
struct sample_nic {
	size_t		dev;
	char		tap[16];
	int		found;			/* the tap exists */
	uint64_t	in_bytes, out_bytes, in_packets, out_packets;
};

struct guest_sample {
	struct guest_view	v;		/* configuration and runtime state */
	int			sampled;	/* running, and QEMU answered */
	uint64_t		taken_ns;	/* CLOCK_MONOTONIC */
	uint64_t		cpu_ns;		/* the vCPU threads together */
	uint64_t		qemu_ns;	/* the whole QEMU process */
	uint64_t		rss_kb;		/* QEMU's resident memory */
	int			nvcpu;
	uint64_t		*vcpu_ns;	/* by vCPU index */
	long			*vcpu_tid;	/* the host thread of each, or 0 */
	size_t			ndisk, nnic;
	struct sample_disk	*disk;
	struct sample_nic	*nic;
};

/* Per second, between two samples of one guest. */
struct guest_rates {
	double		interval;		/* seconds between the samples */
	double		cpu_host_pct;		/* of all the host's processors */
	double		cpu_ent_pct;		/* of the guest's entitlement */
	double		rd_bps, wr_bps, rd_iops, wr_iops;
	double		in_bps, out_bps, in_pps, out_pps;
};

int	guest_sample_all(struct guest_sample **out, size_t *n, int timeout_ms, struct hpvm_err *e);
int	guest_sample_one(const char *name, struct guest_sample *s, int timeout_ms,
	    struct hpvm_err *e);
int	guest_sample_take(struct guest_sample *s, int timeout_ms, struct hpvm_err *e);
void	guest_sample_free(struct guest_sample *s, size_t n);
const struct guest_sample *guest_sample_find(const struct guest_sample *s, size_t n, const char *uuid);
int	guest_sample_rates(const struct guest_sample *a, const struct guest_sample *b, int host_cpus,
	    int host_mhz, struct guest_rates *r);
double	guest_sample_entitlement(const struct guest *g, int host_mhz);

#endif
