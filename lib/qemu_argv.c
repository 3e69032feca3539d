/*
 * qemu_argv.c: map a guest onto QEMU devices, so the guest sees the same hardware every boot.
 *
 * HP bus 0 device d is QEMU slot 8+d on pci.0; bus b>0 is a pci-bridge at slot 16+b with its
 * devices at slot d+1. A scsi adapter is an LSI SAS1068 (mptsas1068); an avio_stor adapter is
 * a virtio-scsi HBA: like HP's AVIO storage it is one PCI function with targets 0-127, so
 * HP's bus,device,target maps one to one and disks hot-plug without PCI hot-plug.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "guest.h"
#include "qemu_argv.h"
#include "rspec.h"
#include "version.h"
#include "vswitch.h"

#define OVMF_CODE	"/usr/share/OVMF/OVMF_CODE_4M.fd"

int
argv_add(struct argv *av, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (av->n + 2 > av->cap) {
		size_t cap = av->cap ? av->cap * 2 : 64;
		char **nv = realloc(av->v, cap * sizeof(char *));
		if (nv == NULL)
			return -1;
		av->v = nv;
		av->cap = cap;
	}
	va_start(ap, fmt);
	int rc = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (rc == -1)
		return -1;
	av->v[av->n++] = s;
	av->v[av->n] = NULL;
	return 0;
}

void
argv_free(struct argv *av)
{
	size_t i;

	for (i = 0; i < av->n; i++)
		free(av->v[i]);
	free(av->v);
	memset(av, 0, sizeof(*av));
}

const char *
qemu_binary(void)
{
	const char *q = getenv("HPVM_QEMU");

	return q != NULL && *q != '\0' ? q : "qemu-system-x86_64";
}

/* "bus=pci.0,addr=0x8" for HP bus 0 device 0. */
void
qemu_pci_addr(int bus, int dev, char *buf, size_t len)
{
	if (bus == 0)
		snprintf(buf, len, "bus=pci.0,addr=0x%x", 8 + dev);
	else
		snprintf(buf, len, "bus=hpvmbus%d,addr=0x%x", bus, dev + 1);
}

void
qemu_hba_id(const struct device *d, char *buf, size_t len)
{
	snprintf(buf, len, "hba%d_%d", d->bus, d->dev);
}

static int
is_blockdev(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISBLK(st.st_mode);
}

/* Host adapters and bridges: one per HP bus,device that holds storage. */
static int
add_buses(const struct guest *g, struct argv *av)
{
	int used[PCI_BUS_MAX + 1] = { 0 }, hba[PCI_BUS_MAX + 1][PCI_DEV_MAX + 1] = { { 0 } };
	char addr[64], id[32];
	size_t i;
	int b, rc = 0;

	for (i = 0; i < g->ndevs; i++)
		used[g->devs[i].bus] = 1;
	for (b = 1; b <= PCI_BUS_MAX; b++)
		if (used[b])
			rc |= argv_add(av, "-device") |
			    argv_add(av, "pci-bridge,id=hpvmbus%d,chassis_nr=%d,bus=pci.0,addr=0x%x",
			    b, b, 16 + b);
	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		if (d->type == DEV_NETWORK || hba[d->bus][d->dev])
			continue;
		hba[d->bus][d->dev] = 1;
		qemu_pci_addr(d->bus, d->dev, addr, sizeof(addr));
		qemu_hba_id(d, id, sizeof(id));
		rc |= argv_add(av, "-device") | argv_add(av, "%s,id=%s,%s",
		    d->adapter == AD_SCSI ? "mptsas1068" : "virtio-scsi-pci", id, addr);
	}
	return rc;
}

/* Device ids come from the hardware address, so they stay the same across boots and edits. */
void
qemu_dev_id(const struct device *d, char *buf, size_t len)
{
	if (d->type == DEV_NETWORK)
		snprintf(buf, len, "%d_%d", d->bus, d->dev);
	else
		snprintf(buf, len, "%d_%d_%d", d->bus, d->dev, d->target);
}

/* One storage device: its drive and its SCSI device. `boot` is its boot index, or -1. */
static int
add_storage(const struct device *d, struct argv *av, int boot)
{
	char id[32], bootidx[32] = "", i[32];
	int cd = d->type == DEV_DVD, rc;

	if (d->backing == BK_NULL && !cd)
		return 0;			/* a placeholder disk has nothing to show the guest */
	if (boot >= 0)
		snprintf(bootidx, sizeof(bootidx), ",bootindex=%d", boot);
	qemu_hba_id(d, id, sizeof(id));
	qemu_dev_id(d, i, sizeof(i));
	if (d->backing == BK_NULL)
		rc = argv_add(av, "-drive") | argv_add(av, "if=none,id=drv%s,media=cdrom", i);
	else if (d->backing == BK_ATTACH)
		rc = argv_add(av, "-drive") | argv_add(av, "if=none,id=drv%s,file=%s,format=raw,"
		    "file.locking=off", i, d->location);
	else
		rc = argv_add(av, "-drive") | argv_add(av, "if=none,id=drv%s,file=%s,format=raw%s%s",
		    i, d->location, cd ? ",media=cdrom,readonly=on" : "",
		    is_blockdev(d->location) ? ",cache=none,aio=native" : ",cache=writeback");
	const char *model = d->backing == BK_ATTACH ? "scsi-generic" : cd ? "scsi-cd" : "scsi-hd";
	rc |= argv_add(av, "-device") | argv_add(av, "%s,id=dev%s,bus=%s.0,scsi-id=%d,drive=drv%s%s",
	    model, i, id, d->target, i, bootidx);
	return rc;
}

static int
add_nic(const struct guest *g, const struct device *d, struct argv *av)
{
	char addr[64], mac[MAC_STR_LEN + 1], i[32];
	size_t k;

	qemu_dev_id(d, i, sizeof(i));
	qemu_pci_addr(d->bus, d->dev, addr, sizeof(addr));
	mac_format(d->mac, mac, sizeof(mac));
	for (k = 0; mac[k]; k++)
		if (mac[k] == '-')
			mac[k] = ':';
	/*
	 * hpvmstart made the tap and put it on its vswitch port; vhost-net where the host has it.
	 * OVS's userspace datapath drops the oversized frames of tap offloads, so its ports go without.
	 */
	char tap[16];
	struct vswitch vs;
	int ovs = vswitch_load(d->location, &vs, NULL) == 0 && vs.ovs;
	guest_port_tap(g, d, tap, sizeof(tap));
	return argv_add(av, "-netdev") |
	    argv_add(av, "tap,id=net%s,ifname=%s,script=no,downscript=no%s%s", i, tap,
	    d->adapter == AD_AVIO_LAN && access("/dev/vhost-net", R_OK | W_OK) == 0 ? ",vhost=on" : "",
	    ovs ? ",vnet_hdr=off" : "") |
	    argv_add(av, "-device") | argv_add(av, "%s,id=dev%s,netdev=net%s,mac=%s,%s",
	    d->adapter == AD_LAN ? "e1000" : "virtio-net-pci", i, i, mac, addr);
}

static int
add_firmware(const struct guest *g, const char *gdir, struct argv *av)
{
	int rc = 0;

	if (g->uefi)
		rc |= argv_add(av, "-drive") |
		    argv_add(av, "if=pflash,format=raw,unit=0,readonly=on,file=%s", OVMF_CODE) |
		    argv_add(av, "-drive") | argv_add(av, "if=pflash,format=raw,unit=1,file=%s/nvram", gdir);
	if (g->boot_kernel[0] != '\0') {
		rc |= argv_add(av, "-kernel") | argv_add(av, "%s", g->boot_kernel);
		if (g->boot_initrd[0] != '\0')
			rc |= argv_add(av, "-initrd") | argv_add(av, "%s", g->boot_initrd);
		if (g->boot_args[0] != '\0')
			rc |= argv_add(av, "-append") | argv_add(av, "%s", g->boot_args);
	}
	return rc;
}

/*
 * The whole command line. `rundir` holds the monitor and console sockets; `gdir` the guest's
 * files (nvram). Boot order follows the order of the devices in the configuration.
 */
int
qemu_argv_build(const struct guest *g, const char *rundir, const char *gdir, const char *accel,
    struct argv *av, struct hpvm_err *e)
{
	char host[256] = "";
	size_t i;
	int rc, boot = 0;

	gethostname(host, sizeof(host) - 1);
	rc = argv_add(av, "%s", qemu_binary()) |
	    argv_add(av, "-name") | argv_add(av, "%s,debug-threads=on", g->name) |
	    argv_add(av, "-uuid") | argv_add(av, "%s", g->uuid) |
	    argv_add(av, "-machine") | argv_add(av, "pc,accel=%s", accel) |
	    argv_add(av, "-smp") | argv_add(av, "%d", g->vcpus) |
	    argv_add(av, "-m") | argv_add(av, "%d", g->memory_mb) |
	    argv_add(av, "-no-user-config") | argv_add(av, "-nodefaults") |
	    argv_add(av, "-display") | argv_add(av, "none") |
	    argv_add(av, "-smbios") |
	    argv_add(av, "type=1,manufacturer=hpvm,product=Integrity VM,version=%s,family=%s",
	    HPVM_VERSION, host) |
	    argv_add(av, "-chardev") |
	    argv_add(av, "socket,id=con0,path=%s/console.sock,server=on,wait=off,"
	    "logfile=%s/console.log,logappend=on", rundir, gdir) |
	    argv_add(av, "-serial") | argv_add(av, "chardev:con0") |
	    argv_add(av, "-qmp") | argv_add(av, "unix:%s/qmp-app.sock,server=on,wait=off", rundir) |
	    argv_add(av, "-qmp") | argv_add(av, "unix:%s/qmp.sock,server=on,wait=off", rundir);
	rc |= add_firmware(g, gdir, av) | add_buses(g, av);
	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		if (d->type == DEV_NETWORK)
			rc |= add_nic(g, d, av);
		else
			rc |= add_storage(d, av, g->boot_kernel[0] == '\0' ? boot++ : -1);
	}
	if (rc != 0)
		return hpvm_fail(e, ENOMEM, "Out of memory building the QEMU command line.");
	return 0;
}
