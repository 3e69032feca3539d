/*
 * guest_sample.c: sample what running guests use. CPU time is the vCPU threads' own (QEMU's
 * query-cpus-fast names them; the kernel counts their time), disk counters come from
 * query-blockstats, network counters from the taps. QEMU is asked on its monitoring socket,
 * so a sample never waits for an administrative command, nor delays one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "model/guest.h"
#include "net/guest_nic.h"
#include "net/vswitch_view.h"
#include "ops/guest_sample.h"
#include "vmm/qemu_dev.h"
#include "vmm/qmp.h"
#include "vmm/qmp_stats.h"
#include "vmm/runtime.h"

#define BLOCKSTATS_MAX	512

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/*
 * A task's time on a CPU in ns: schedstat's first field where the kernel keeps it, otherwise
 * user + system time from stat, in clock ticks. `tid` 0 means the whole process.
 */
static int
task_cpu_ns(pid_t pid, long tid, uint64_t *ns)
{
	char path[128], *text, *p;
	unsigned long long run, ut, st;
	int rc = -1;

	if (tid > 0)
		snprintf(path, sizeof(path), "/proc/%ld/task/%ld/schedstat", (long)pid, tid);
	if (tid > 0 && file_read_all(path, &text, NULL, NULL) == 0) {
		rc = sscanf(text, "%llu", &run) == 1 ? 0 : -1;
		free(text);
		if (rc == 0) {
			*ns = run;
			return 0;
		}
	}
	if (tid > 0)
		snprintf(path, sizeof(path), "/proc/%ld/task/%ld/stat", (long)pid, tid);
	else
		snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if (file_read_all(path, &text, NULL, NULL) == -1)
		return -1;
	/* The command name may hold anything; the fields start after its last ')'. */
	if ((p = strrchr(text, ')')) != NULL &&
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) == 2) {
		*ns = (ut + st) * (1000000000ULL / (unsigned long long)sysconf(_SC_CLK_TCK));
		rc = 0;
	}
	free(text);
	return rc;
}

static uint64_t
rss_kb(pid_t pid)
{
	char path[64], *text, *p;
	unsigned long long kb = 0;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	if (file_read_all(path, &text, NULL, NULL) == -1)
		return 0;
	if ((p = strstr(text, "\nVmRSS:")) != NULL)
		sscanf(p + 7, "%llu", &kb);
	free(text);
	return kb;
}

static int
ask(struct qmp *q, const char *cmd, json_object **ret, struct hpvm_err *e)
{
	*ret = NULL;
	return qmp_execute(q, cmd, NULL, ret, e);
}

static void
disks_from(struct guest_sample *s, json_object *ret)
{
	static struct qmp_blockstat bs[BLOCKSTATS_MAX];
	const struct guest *g = &s->v.g;
	int n = qmp_stats_blockstats(ret, bs, BLOCKSTATS_MAX);
	size_t i;

	for (i = 0; i < s->ndisk; i++) {
		const struct device *d = &g->devs[s->disk[i].dev];
		char drive[32], dev[32];
		qemu_dev_id(d, QEMU_ID_DRIVE, drive, sizeof(drive));
		qemu_dev_id(d, QEMU_ID_DEVICE, dev, sizeof(dev));
		for (int k = 0; k < n; k++) {
			if (!qmp_stats_blockstat_is(&bs[k], drive, dev))
				continue;
			struct sample_disk *sd = &s->disk[i];
			sd->found = 1;
			sd->rd_bytes = bs[k].rd_bytes;
			sd->wr_bytes = bs[k].wr_bytes;
			sd->rd_ops = bs[k].rd_ops;
			sd->wr_ops = bs[k].wr_ops;
			sd->rd_ns = bs[k].rd_ns;
			sd->wr_ns = bs[k].wr_ns;
			break;
		}
	}
}

static void
vcpus_from(struct guest_sample *s, json_object *ret)
{
	static struct qmp_vcpu vc[SAMPLE_VCPU_MAX];
	int n = qmp_stats_cpus(ret, vc, SAMPLE_VCPU_MAX), i;

	for (i = 0; i < n; i++) {
		uint64_t ns;
		if (vc[i].index >= s->nvcpu || task_cpu_ns(s->v.rt.qemu_pid, vc[i].thread, &ns) == -1)
			continue;
		s->vcpu_ns[vc[i].index] = ns;
		s->vcpu_tid[vc[i].index] = vc[i].thread;
		s->cpu_ns += ns;
	}
}

static void
nics_from(struct guest_sample *s)
{
	size_t i;

	for (i = 0; i < s->nnic; i++) {
		struct sample_nic *sn = &s->nic[i];
		unsigned long long v[4];
		sn->found = vswitch_view_link_counter(sn->tap, "tx_bytes", &v[0]) == 0 &&
		    vswitch_view_link_counter(sn->tap, "rx_bytes", &v[1]) == 0 &&
		    vswitch_view_link_counter(sn->tap, "tx_packets", &v[2]) == 0 &&
		    vswitch_view_link_counter(sn->tap, "rx_packets", &v[3]) == 0;
		if (sn->found) {
			sn->in_bytes = v[0];
			sn->out_bytes = v[1];
			sn->in_packets = v[2];
			sn->out_packets = v[3];
		}
	}
}

/* The guest's devices, counters at zero; its taps are named whether or not it runs. */
static int
sample_shape(struct guest_sample *s, struct hpvm_err *e)
{
	const struct guest *g = &s->v.g;
	size_t i, nd = guest_count_devices(g, DEVICES_STORAGE), nn = guest_count_devices(g, DEVICES_NICS);

	s->nvcpu = g->vcpus > 0 && g->vcpus <= SAMPLE_VCPU_MAX ? g->vcpus : 0;
	s->vcpu_ns = calloc((size_t)s->nvcpu + 1, sizeof(*s->vcpu_ns));
	s->vcpu_tid = calloc((size_t)s->nvcpu + 1, sizeof(*s->vcpu_tid));
	s->disk = calloc(nd + 1, sizeof(*s->disk));
	s->nic = calloc(nn + 1, sizeof(*s->nic));
	if (s->vcpu_ns == NULL || s->vcpu_tid == NULL || s->disk == NULL || s->nic == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		if (d->type == DEV_NETWORK) {
			s->nic[s->nnic].dev = i;
			guest_nic_tap(g, d, s->nic[s->nnic].tap, sizeof(s->nic[s->nnic].tap));
			s->nnic++;
		} else
			s->disk[s->ndisk++].dev = i;
	}
	return 0;
}

/*
 * Sample `s` (its view loaded): QEMU on the monitoring socket, waiting at most about
 * `timeout_ms` for each answer, then the kernel's counters. A guest that is not running, or
 * whose QEMU does not answer, keeps zero counters and `sampled` 0.
 */
int
guest_sample_take(struct guest_sample *s, int timeout_ms, struct hpvm_err *e)
{
	char sock[HPVM_PATH_LEN];
	json_object *cpus = NULL, *blocks = NULL;
	struct qmp q = { .fd = -1 };
	int rc;

	if (s->vcpu_ns == NULL && sample_shape(s, e) == -1)
		return -1;
	s->taken_ns = now_ns();
	if (!s->v.rt.running || s->v.rt.qemu_pid <= 0)
		return 0;
	if (runtime_path(s->v.g.uuid, RT_QMP_MON, sock, sizeof(sock), e) == -1 ||
	    qmp_connect(&q, sock, timeout_ms, e) == -1)
		return -1;
	q.timeout_ms = timeout_ms;
	rc = ask(&q, "query-cpus-fast", &cpus, e) == 0 && ask(&q, "query-blockstats", &blocks, e) == 0 ?
	    0 : -1;
	qmp_close(&q);
	s->taken_ns = now_ns();
	if (rc == 0) {
		vcpus_from(s, cpus);
		disks_from(s, blocks);
		nics_from(s);
		task_cpu_ns(s->v.rt.qemu_pid, 0, &s->qemu_ns);
		s->rss_kb = rss_kb(s->v.rt.qemu_pid);
		s->sampled = 1;
	}
	json_object_put(cpus);
	json_object_put(blocks);
	return rc;
}

/* Every visible guest, running ones sampled; a guest QEMU did not answer for is a warning. */
int
guest_sample_all(struct guest_sample **out, size_t *n, int timeout_ms, struct hpvm_err *e)
{
	struct guest_view *vs;
	struct guest_sample *ss;
	size_t i, nv;

	*out = NULL;
	*n = 0;
	if (guest_view_load_all(&vs, &nv, e) == -1)
		return -1;
	if ((ss = calloc(nv + 1, sizeof(*ss))) == NULL) {
		guest_view_free(vs, nv);
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	/* The views move into the samples; only the array they came in goes. */
	for (i = 0; i < nv; i++)
		ss[i].v = vs[i];
	free(vs);
	for (i = 0; i < nv; i++) {
		struct hpvm_err se = { 0 };
		if (guest_sample_take(&ss[i], timeout_ms, &se) == -1)
			hpvm_warn(e, "Guest '%s' could not be sampled: %s", ss[i].v.g.name,
			    hpvm_err_first(&se));
	}
	*out = ss;
	*n = nv;
	return 0;
}

int
guest_sample_one(const char *name, struct guest_sample *s, int timeout_ms, struct hpvm_err *e)
{
	memset(s, 0, sizeof(*s));
	if (guest_view_load(name, &s->v, e) == -1)
		return -1;
	if (guest_sample_take(s, timeout_ms, e) == -1) {
		guest_sample_free(s, 1);
		memset(s, 0, sizeof(*s));
		return -1;
	}
	return 0;
}

/* `s` is an array of `n` samples (or one), each freed; the array itself is the caller's. */
void
guest_sample_free(struct guest_sample *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		guest_free(&s[i].v.g);
		free(s[i].vcpu_ns);
		free(s[i].vcpu_tid);
		s[i].vcpu_tid = NULL;
		free(s[i].disk);
		free(s[i].nic);
		s[i].vcpu_ns = NULL;
		s[i].disk = NULL;
		s[i].nic = NULL;
	}
}

/* The sample of the guest with `uuid` in an array of `n`, or NULL. */
const struct guest_sample *
guest_sample_find(const struct guest_sample *s, size_t n, const char *uuid)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s[i].v.g.uuid, uuid) == 0)
			return &s[i];
	return NULL;
}

/* How many of the host's processors the guest is entitled to: per vCPU, a percent of one, or MHz of one. */
double
guest_sample_entitlement(const struct guest *g, int host_mhz)
{
	double per;

	if (g->ent_unit == ENT_PERCENT)
		per = g->ent_min / 100.0;
	else
		per = host_mhz > 0 ? (double)g->ent_min / host_mhz : 1.0;
	if (per > 1.0)
		per = 1.0;
	return per * (g->vcpus > 0 ? g->vcpus : 1);
}

static double
per_second(uint64_t a, uint64_t b, double secs)
{
	return b >= a && secs > 0 ? (double)(b - a) / secs : 0.0;
}

/*
 * Rates from sample `a` to the later `b` of the same guest (same QEMU, same devices); -1 if
 * they cannot be compared: either not sampled, another QEMU, no time between them.
 */
int
guest_sample_rates(const struct guest_sample *a, const struct guest_sample *b, int host_cpus,
    int host_mhz, struct guest_rates *r)
{
	double secs, cpus;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (!a->sampled || !b->sampled || a->v.rt.qemu_pid != b->v.rt.qemu_pid ||
	    b->taken_ns <= a->taken_ns || a->ndisk != b->ndisk || a->nnic != b->nnic)
		return -1;
	secs = (double)(b->taken_ns - a->taken_ns) / 1e9;
	r->interval = secs;
	cpus = per_second(a->cpu_ns, b->cpu_ns, secs) / 1e9;
	r->cpu_host_pct = 100.0 * cpus / (host_cpus > 0 ? host_cpus : 1);
	r->cpu_ent_pct = 100.0 * cpus / guest_sample_entitlement(&b->v.g, host_mhz);
	for (i = 0; i < b->ndisk; i++) {
		r->rd_bps += per_second(a->disk[i].rd_bytes, b->disk[i].rd_bytes, secs);
		r->wr_bps += per_second(a->disk[i].wr_bytes, b->disk[i].wr_bytes, secs);
		r->rd_iops += per_second(a->disk[i].rd_ops, b->disk[i].rd_ops, secs);
		r->wr_iops += per_second(a->disk[i].wr_ops, b->disk[i].wr_ops, secs);
	}
	for (i = 0; i < b->nnic; i++) {
		r->in_bps += per_second(a->nic[i].in_bytes, b->nic[i].in_bytes, secs);
		r->out_bps += per_second(a->nic[i].out_bytes, b->nic[i].out_bytes, secs);
		r->in_pps += per_second(a->nic[i].in_packets, b->nic[i].in_packets, secs);
		r->out_pps += per_second(a->nic[i].out_packets, b->nic[i].out_packets, secs);
	}
	return 0;
}
