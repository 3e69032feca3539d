/*
 * qemu_argv.c: the QEMU command line for a guest on a host described by `struct qemu_host`.
 * It reads nothing itself, so the same guest and host always give the same vector.
 * Boot order follows the order of the devices in the configuration.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "base/mac.h"
#include "base/version.h"
#include "model/guest.h"
#include "vmm/qemu_argv.h"
#include "vmm/qemu_dev.h"
#include "vmm/qemu_host.h"

int
qemu_argv_add(struct qemu_argv *av, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int rc;

	if (av->n + 2 > av->cap) {
		size_t cap = av->cap ? av->cap * 2 : 64;
		char **nv = realloc(av->v, cap * sizeof(char *));
		if (nv == NULL)
			return -1;
		av->v = nv;
		av->cap = cap;
	}
	va_start(ap, fmt);
	rc = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (rc == -1)
		return -1;
	av->v[av->n++] = s;
	av->v[av->n] = NULL;
	return 0;
}

void
qemu_argv_free(struct qemu_argv *av)
{
	size_t i;

	for (i = 0; i < av->n; i++)
		free(av->v[i]);
	free(av->v);
	memset(av, 0, sizeof(*av));
}

/* Host adapters and bridges: one per HP bus,device that holds storage. */
static int
add_buses(const struct guest *g, struct qemu_argv *av)
{
	int used[PCI_BUS_MAX + 1] = { 0 }, hba[PCI_BUS_MAX + 1][PCI_DEV_MAX + 1] = { { 0 } };
	struct qemu_pci pci;
	char id[32];
	size_t i;
	int b, rc = 0;

	for (i = 0; i < g->ndevs; i++)
		used[g->devs[i].bus] = 1;
	for (b = 1; b <= PCI_BUS_MAX; b++)
		if (used[b])
			rc |= qemu_argv_add(av, "-device") |
			    qemu_argv_add(av, "pci-bridge,id=hpvmbus%d,chassis_nr=%d,bus=pci.0,addr=0x%x",
			    b, b, 16 + b);
	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		if (d->type == DEV_NETWORK || hba[d->bus][d->dev])
			continue;
		hba[d->bus][d->dev] = 1;
		qemu_dev_pci(d->bus, d->dev, &pci);
		qemu_dev_hba_id(d, id, sizeof(id));
		rc |= qemu_argv_add(av, "-device") | qemu_argv_add(av, "%s,id=%s,bus=%s,addr=0x%x",
		    qemu_dev_hba_model(d), id, pci.bus, pci.slot);
	}
	return rc;
}

/*
 * Hand QEMU a descriptor in fdset `set`: it opens "/dev/fdset/<set>" and never the file's name.
 * `opaque` (a drive's id, or NULL) lets hot-plug find the set again to let it go.
 */
static int
add_fd(struct qemu_argv *av, int fd, int set, const char *opaque)
{
	if (fd < 0)
		return 0;
	return qemu_argv_add(av, "-add-fd") | qemu_argv_add(av, "fd=%d,set=%d%s%s", fd, set,
	    opaque ? ",opaque=" : "", opaque ? opaque : "");
}

/* One storage device: its drive and its SCSI device. `boot` is its boot index, or -1. */
static int
add_storage(const struct device *d, const struct qemu_dev_host *dh, struct qemu_argv *av, int boot)
{
	char hba[32], dev[40], drv[40], bootidx[32] = "";
	int cd = d->type == DEV_DVD, rc;

	if (d->backing == BK_NULL && !cd)
		return 0;			/* a placeholder disk has nothing to show the guest */
	if (boot >= 0)
		snprintf(bootidx, sizeof(bootidx), ",bootindex=%d", boot);
	qemu_dev_hba_id(d, hba, sizeof(hba));
	qemu_dev_id(d, QEMU_ID_DEVICE, dev, sizeof(dev));
	qemu_dev_id(d, QEMU_ID_DRIVE, drv, sizeof(drv));
	if (d->backing == BK_NULL)
		rc = qemu_argv_add(av, "-drive") | qemu_argv_add(av, "if=none,id=%s,media=cdrom", drv);
	else
		rc = add_fd(av, dh->fd, dh->fd, drv) | add_fd(av, dh->fd_ro, dh->fd, drv) |
		    qemu_argv_add(av, "-drive") |
		    qemu_argv_add(av, "if=none,id=%s,file=/dev/fdset/%d,format=raw%s%s%s", drv, dh->fd,
		    dh->blockdev || d->backing == BK_ATTACH ? ",file.driver=host_device" : "",
		    d->backing == BK_ATTACH ? ",file.locking=off" :
		    cd ? ",media=cdrom,readonly=on" :
		    /*
		     * A writable disk keeps its one descriptor when QEMU gives up writing (a
		     * migration's source does): reopened read-only from the fd set, the image's
		     * lock would stay with the writable descriptor, and the target could not start.
		     */
		    dh->shared ? ",file.auto-read-only=off,file.locking=off" : ",file.auto-read-only=off",
		    d->backing == BK_ATTACH ? "" : dh->blockdev ? ",cache=none,aio=native" :
		    ",cache=writeback");
	/* A sharable disk (SHARE=YES) is written by guests at once: QEMU must not lock it. */
	rc |= qemu_argv_add(av, "-device") | qemu_argv_add(av, "%s,id=%s,bus=%s.0,scsi-id=%d,drive=%s%s%s",
	    qemu_dev_model(d), dev, hba, d->target, drv, bootidx,
	    dh->shared && !cd && d->backing != BK_ATTACH ? ",share-rw=on" : "");
	return rc;
}

/*
 * A NIC on the tap hpvmstart put on its vswitch port, opened for QEMU (with offloads unless
 * the switch is Open vSwitch's userspace datapath); vhost-net where the host has it.
 */
static int
add_nic(const struct device *d, const struct qemu_dev_host *dh, struct qemu_argv *av)
{
	char mac[MAC_STR_LEN + 1], dev[40], net[40], vhost[32] = "";
	struct qemu_pci pci;

	qemu_dev_id(d, QEMU_ID_DEVICE, dev, sizeof(dev));
	qemu_dev_id(d, QEMU_ID_NETDEV, net, sizeof(net));
	qemu_dev_pci(d->bus, d->dev, &pci);
	mac_format_colons(d->mac, mac, sizeof(mac));
	if (dh->vhost_fd >= 0)
		snprintf(vhost, sizeof(vhost), ",vhost=on,vhostfd=%d", dh->vhost_fd);
	return qemu_argv_add(av, "-netdev") | qemu_argv_add(av, "tap,id=%s,fd=%d%s", net, dh->fd, vhost) |
	    qemu_argv_add(av, "-device") | qemu_argv_add(av, "%s,id=%s,netdev=%s,mac=%s,bus=%s,addr=0x%x",
	    qemu_dev_model(d), dev, net, mac, pci.bus, pci.slot);
}

static int
add_firmware(const struct guest *g, const struct qemu_host *h, struct qemu_argv *av)
{
	int rc = 0;

	if (g->uefi)
		rc |= qemu_argv_add(av, "-drive") |
		    qemu_argv_add(av, "if=pflash,format=raw,unit=0,readonly=on,file=%s", h->ovmf_code) |
		    add_fd(av, h->nvram, h->nvram, NULL) | add_fd(av, h->nvram_ro, h->nvram, NULL) |
		    qemu_argv_add(av, "-drive") |
		    qemu_argv_add(av, "if=pflash,format=raw,unit=1,file=/dev/fdset/%d", h->nvram);
	/* -kernel takes no fdset; the open descriptor is reached through /proc/self/fd. */
	if (g->boot_kernel[0] != '\0') {
		rc |= qemu_argv_add(av, "-kernel") | qemu_argv_add(av, "/proc/self/fd/%d", h->kernel);
		if (g->boot_initrd[0] != '\0')
			rc |= qemu_argv_add(av, "-initrd") | qemu_argv_add(av, "/proc/self/fd/%d", h->initrd);
		if (g->boot_args[0] != '\0')
			rc |= qemu_argv_add(av, "-append") | qemu_argv_add(av, "%s", g->boot_args);
	}
	return rc;
}

/* A monitor QEMU serves on a listening socket it was given. */
static int
add_monitor(struct qemu_argv *av, const char *id, int sock)
{
	return qemu_argv_add(av, "-chardev") |
	    qemu_argv_add(av, "socket,id=%s,fd=%d,server=on,wait=off", id, sock) |
	    qemu_argv_add(av, "-mon") | qemu_argv_add(av, "chardev=%s,mode=control", id);
}

/*
 * Memory. Reserved memory (hpvmmodify -R) is a NUMA node of its own that QEMU preallocates
 * before the guest runs, so the host has set it aside; the rest, a second node, is taken as
 * the guest touches it. QEMU preallocates only whole backends, hence the two nodes. The
 * machine's one socket (QEMU puts all -smp CPUs in it) lives on the reserved node.
 */
static int
add_memory(const struct guest *g, struct qemu_argv *av)
{
	int rest = g->memory_mb - g->reserved_mb;
	int rc = qemu_argv_add(av, "-m") | qemu_argv_add(av, "%d", g->memory_mb);

	if (g->reserved_mb <= 0)
		return rc;
	rc |= qemu_argv_add(av, "-object") |
	    qemu_argv_add(av, "memory-backend-ram,id=ram-reserved,size=%dM,prealloc=on",
	    g->reserved_mb) |
	    qemu_argv_add(av, "-numa") | qemu_argv_add(av, "node,nodeid=0,memdev=ram-reserved");
	if (rest > 0)
		rc |= qemu_argv_add(av, "-object") |
		    qemu_argv_add(av, "memory-backend-ram,id=ram-rest,size=%dM", rest) |
		    qemu_argv_add(av, "-numa") | qemu_argv_add(av, "node,nodeid=1,memdev=ram-rest");
	return rc | qemu_argv_add(av, "-numa") | qemu_argv_add(av, "cpu,node-id=0,socket-id=0");
}

int
qemu_argv_build(const struct guest *g, const struct qemu_host *h, struct qemu_argv *av,
    struct hpvm_err *e)
{
	size_t i;
	int rc, boot = 0;

	if (h->ndevs != g->ndevs)
		return hpvm_fail(e, EINVAL, "The host description does not match the guest's devices.");
	rc = qemu_argv_add(av, "%s", h->binary) |
	    qemu_argv_add(av, "-name") | qemu_argv_add(av, "%s,debug-threads=on", g->name) |
	    qemu_argv_add(av, "-uuid") | qemu_argv_add(av, "%s", g->uuid) |
	    qemu_argv_add(av, "-machine") | qemu_argv_add(av, "pc,accel=%s", h->accel) |
	    qemu_argv_add(av, "-smp") | qemu_argv_add(av, "%d", g->vcpus) |
	    add_memory(g, av) |
	    qemu_argv_add(av, "-no-user-config") | qemu_argv_add(av, "-nodefaults") |
	    /* A guest escape meets the seccomp filter, and the filter meets an unprivileged user. */
	    qemu_argv_add(av, "-sandbox") |
	    qemu_argv_add(av, "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny") |
	    qemu_argv_add(av, "-display") | qemu_argv_add(av, "none") |
	    qemu_argv_add(av, "-smbios") |
	    qemu_argv_add(av, "type=1,manufacturer=hpvm,product=Integrity VM,version=%s,family=%s",
	    HPVM_VERSION, h->hostname) |
	    qemu_argv_add(av, "-chardev") |
	    qemu_argv_add(av, "socket,id=con0,fd=%d,server=off", h->console_sock) |
	    qemu_argv_add(av, "-serial") | qemu_argv_add(av, "chardev:con0") |
	    add_monitor(av, "qmpapp", h->qmp_app_sock) | add_monitor(av, "qmp", h->qmp_sock) |
	    add_monitor(av, "qmpmon", h->qmp_mon_sock);
	rc |= add_firmware(g, h, av) | add_buses(g, av);
	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		if (d->type == DEV_NETWORK)
			rc |= add_nic(d, &h->devs[i], av);
		else
			rc |= add_storage(d, &h->devs[i], av, g->boot_kernel[0] == '\0' ? boot++ : -1);
	}
	/* A migration's target: paused until the move is committed, so it never runs twice. */
	if (h->incoming)
		rc |= qemu_argv_add(av, "-incoming") | qemu_argv_add(av, "defer") | qemu_argv_add(av, "-S");
	if (rc != 0)
		return hpvm_fail(e, ENOMEM, "Out of memory building the QEMU command line.");
	return 0;
}
