/*
 * vm_snapshot.c: every guest as VM-MIB's tables show it, built at once from one round of
 * guest samples (the numbers hpvmsar shows), so vmNumber, vmTable and the counters of one
 * snapshot always agree. The state mapping is written down in hpvmsnmpd(1M).
 */
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/fs.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/host.h"
#include "base/hpvm_err.h"
#include "model/guest.h"
#include "ops/guest_sample.h"
#include "ops/guest_view.h"
#include "snmp/vm_snapshot.h"
#include "vmm/guest_log.h"

#define MIB	(1024 * 1024)

/* vmAdminState: what the administrator asked for: the guest runs (or is paused), or it is off. */
enum vm_admin
vm_snapshot_admin_state(int running, const char *state)
{
	if (!running)
		return VM_ADMIN_SHUTDOWN;
	return strcmp(state, "Paused") == 0 ? VM_ADMIN_PAUSED : VM_ADMIN_RUNNING;
}

/* vmOperState: hpvm's runtime state, refined by the latest event of the guest's log. */
enum vm_oper
vm_snapshot_oper_state(int running, const char *state, int last_event)
{
	if (!running)
		return last_event == GUEST_EVENT_CRASHED ? VM_OPER_CRASHED : VM_OPER_SHUTDOWN;
	if (strcmp(state, "Paused") == 0)
		return VM_OPER_PAUSED;
	if (strcmp(state, "Migrating") == 0)
		return VM_OPER_MIGRATING;
	if (strcmp(state, "On (EFI)") == 0)
		return VM_OPER_PREPARING;
	if (strcmp(state, "On (OS)") == 0)
		return last_event == GUEST_EVENT_SHUTTING_DOWN ? VM_OPER_SHUTTINGDOWN : VM_OPER_RUNNING;
	return VM_OPER_OTHER;
}

/* The 16 bytes of a UUID's text form; -1 if it is not one. */
int
vm_snapshot_uuid_bytes(const char *text, uint8_t out[16])
{
	int i = 0;

	for (; *text != '\0' && i < 16; text++) {
		unsigned int b;
		if (*text == '-')
			continue;
		if (sscanf(text, "%2x", &b) != 1 || text[1] == '\0' || text[1] == '-')
			return -1;
		out[i++] = (uint8_t)b;
		text++;
	}
	return i == 16 && *text == '\0' ? 0 : -1;
}

const struct vm_row *
vm_snapshot_find(const struct vm_snapshot *s, long index)
{
	size_t i;

	for (i = 0; i < s->nvm; i++)
		if (s->vm[i].index == index)
			return &s->vm[i];
	return NULL;
}

static void
fill_vm(struct vm_row *r, const struct guest_sample *gs)
{
	const struct guest *g = &gs->v.g;
	int running = gs->v.rt.running;

	memset(r, 0, sizeof(*r));
	r->index = g->vmnum;
	snprintf(r->name, sizeof(r->name), "%s", g->name);
	snprintf(r->uuid_text, sizeof(r->uuid_text), "%s", g->uuid);
	if (vm_snapshot_uuid_bytes(g->uuid, r->uuid) == -1)
		memset(r->uuid, 0, sizeof(r->uuid));
	snprintf(r->os, sizeof(r->os), "%s", guest_os_limits(g->os)->name);
	r->admin = vm_snapshot_admin_state(running, gs->v.rt.state);
	r->oper = vm_snapshot_oper_state(running, gs->v.rt.state, guest_log_last_event(g->uuid));
	r->autostart = g->start_auto ? 2 : 3;
	r->ncpu = running ? g->vcpus : 0;
	r->maxcpu = g->vcpus;
	r->curmem_mb = running ? g->memory_mb : 0;
	r->maxmem_mb = g->memory_mb;
	r->uptime_cs = running && gs->v.uptime > 0 ? (uint32_t)(gs->v.uptime * 100) : 0;
	r->cputime_us = gs->cpu_ns / 1000;
}

/* Sizes in MiB: defined is what the guest sees, allocated what the host spends on it. */
static void
storage_size(const char *path, struct vm_storage_row *r)
{
	struct stat st;
	uint64_t bytes = 0;
	int fd;

	r->defined_mb = r->allocated_mb = -1;
	r->source_type = 1;				/* unknown */
	if (stat(path, &st) == -1)
		return;
	if (S_ISBLK(st.st_mode)) {
		r->source_type = 3;			/* block */
		if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) != -1) {
			if (ioctl(fd, BLKGETSIZE64, &bytes) == 0)
				r->defined_mb = r->allocated_mb = (long)(bytes / MIB);
			close(fd);
		}
	} else if (S_ISREG(st.st_mode)) {
		r->defined_mb = (long)(st.st_size / MIB);
		r->allocated_mb = (long)((uint64_t)st.st_blocks * 512 / MIB);
		/* A file with holes is sparse; one written through is raw. */
		r->source_type = (uint64_t)st.st_blocks * 512 < (uint64_t)st.st_size ? 5 : 4;
	} else
		r->source_type = 2;			/* other */
}

static void
fill_storage(struct vm_storage_row *r, const struct guest_sample *gs, size_t k)
{
	const struct sample_disk *sd = &gs->disk[k];
	const struct device *d = &gs->v.g.devs[sd->dev];

	memset(r, 0, sizeof(*r));
	r->vm = gs->v.g.vmnum;
	r->index = (long)k + 1;
	snprintf(r->source_text, sizeof(r->source_text), "%s", device_backing_name(d->backing));
	snprintf(r->media_text, sizeof(r->media_text), "%s", device_type_name(d->type));
	snprintf(r->resource, sizeof(r->resource), "%.255s", d->location);	/* SnmpAdminString (SIZE (0..255)) */
	if (d->backing == BK_NULL) {
		r->source_type = 1;
		r->defined_mb = r->allocated_mb = -1;
	} else
		storage_size(d->location, r);
	r->access = d->type == DEV_DISK ? 2 : 3;	/* readwrite, readonly */
	/* IANAStorageMediaType: other(1), unknown(2), hardDisk(3), opticalDisk(4). */
	r->media_type = d->type == DEV_DISK ? 3 : d->type == DEV_DVD ? 4 : 1;
	r->rd_ios = sd->rd_ops;
	r->wr_ios = sd->wr_ops;
	r->rd_octets = sd->rd_bytes;
	r->wr_octets = sd->wr_bytes;
	r->rd_latency_us = sd->rd_ns / 1000;
	r->wr_latency_us = sd->wr_ns / 1000;
}

static void
fill_nic(struct vm_network_row *r, const struct guest_sample *gs, size_t k)
{
	const struct sample_nic *sn = &gs->nic[k];
	const struct device *d = &gs->v.g.devs[sn->dev];
	char bridge[32];

	memset(r, 0, sizeof(*r));
	r->vm = gs->v.g.vmnum;
	r->index = (long)k + 1;
	if (gs->v.rt.running) {
		r->ifindex = (long)if_nametoindex(sn->tap);
		snprintf(bridge, sizeof(bridge), "hv-%.*s", VSWITCH_NAME_MAX, d->location);
		r->parent = (long)if_nametoindex(bridge);
	}
	snprintf(r->model, sizeof(r->model), "%s (%s)", device_adapter_name(d->adapter),
	    d->adapter == AD_AVIO_LAN ? "virtio-net" : "e1000");
	memcpy(r->mac, d->mac, sizeof(r->mac));
}

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	void *q;

	if (need <= *cap)
		return p;
	*cap = need * 2;
	if ((q = realloc(p, *cap * size)) == NULL)
		free(p);
	return q;
}

/* Uptime of the host in hundredths of a second: vmHvUpTime. */
static uint32_t
host_uptime_cs(void)
{
	double up = 0;
	FILE *f = fopen("/proc/uptime", "re");

	if (f != NULL) {
		if (fscanf(f, "%lf", &up) != 1)
			up = 0;
		fclose(f);
	}
	return (uint32_t)(up * 100);
}

static int
add_rows(struct vm_snapshot *s, const struct guest_sample *gs, int host_cpus, size_t cap[5])
{
	size_t k;
	int c, p;

	if ((s->vm = grow(s->vm, &cap[0], s->nvm + 1, sizeof(*s->vm))) == NULL)
		return -1;
	fill_vm(&s->vm[s->nvm++], gs);
	for (c = 0; gs->v.rt.running && c < gs->nvcpu; c++) {
		cpu_set_t set;
		if ((s->cpu = grow(s->cpu, &cap[1], s->ncpu + 1, sizeof(*s->cpu))) == NULL)
			return -1;
		s->cpu[s->ncpu++] = (struct vm_cpu_row){ gs->v.g.vmnum, c + 1, gs->vcpu_ns[c] / 1000 };
		if (gs->vcpu_tid[c] <= 0 || sched_getaffinity((pid_t)gs->vcpu_tid[c], sizeof(set), &set) == -1)
			continue;
		for (p = 0; p < host_cpus && p < CPU_SETSIZE; p++) {
			if ((s->aff = grow(s->aff, &cap[2], s->naff + 1, sizeof(*s->aff))) == NULL)
				return -1;
			s->aff[s->naff++] = (struct vm_affinity_row){ gs->v.g.vmnum, c + 1,
			    VM_CPU_PHYS_BASE + p, CPU_ISSET(p, &set) ? 1 : 2 };
		}
	}
	for (k = 0; k < gs->ndisk; k++) {
		if ((s->disk = grow(s->disk, &cap[3], s->ndisk + 1, sizeof(*s->disk))) == NULL)
			return -1;
		fill_storage(&s->disk[s->ndisk++], gs, k);
	}
	for (k = 0; k < gs->nnic; k++) {
		if ((s->nic = grow(s->nic, &cap[4], s->nnic + 1, sizeof(*s->nic))) == NULL)
			return -1;
		fill_nic(&s->nic[s->nnic++], gs, k);
	}
	return 0;
}

/* Sample one guest; a QEMU that does not answer leaves zero counters, and a warning. */
static void
sample_one(struct guest_sample *gs, int timeout_ms, struct hpvm_err *e)
{
	struct hpvm_err se = { 0 };

	if (guest_sample_take(gs, timeout_ms, &se) == -1)
		hpvm_warn(e, "Guest '%s' could not be sampled: %s", gs->v.g.name, hpvm_err_first(&se));
}

/*
 * Sample every guest (QEMU asked with `timeout_ms` for each answer) and build the tables.
 * Guests QEMU did not answer for keep their rows, with zero counters; that is a warning.
 * One guest at a time, as guest_sample_all() would sample them: a whole guest is kilobytes,
 * and only its rows are kept, so the daemon never holds every configuration at once.
 */
int
vm_snapshot_take(struct vm_snapshot *s, int timeout_ms, struct hpvm_err *e)
{
	struct guest_views vs;
	struct guest_sample gs;
	size_t cap[5] = { 0 };
	int host_cpus = host_ncpus(), rc = 0;

	memset(s, 0, sizeof(*s));
	s->hv_uptime_cs = host_uptime_cs();
	if (guest_view_open(&vs, e) == -1)
		return -1;
	memset(&gs, 0, sizeof(gs));
	while (rc == 0 && guest_view_next(&vs, &gs.v, GUEST_VIEW_FULL) == 1) {
		sample_one(&gs, timeout_ms, e);
		if (add_rows(s, &gs, host_cpus, cap) == -1)
			rc = hpvm_fail(e, ENOMEM, "Out of memory.");
		guest_sample_free(&gs, 1);
		memset(&gs, 0, sizeof(gs));
	}
	guest_view_close(&vs);
	if (rc == -1)
		vm_snapshot_free(s);
	return rc;
}

void
vm_snapshot_free(struct vm_snapshot *s)
{
	free(s->vm);
	free(s->cpu);
	free(s->aff);
	free(s->disk);
	free(s->nic);
	memset(s, 0, sizeof(*s));
}
