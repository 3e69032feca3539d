/*
 * hotplug.c: disks and DVDs added, removed or given new media, and NICs added or removed on
 * PCI bus 0, take effect at once; every other change (vCPUs, memory, adapter types) waits in
 * vmm_config.next for the next start.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/mac.h"
#include "base/path.h"
#include "model/guest.h"
#include "net/guest_nic.h"
#include "net/netlink.h"
#include "store/vswitch_config.h"
#include "store/guest_xml.h"
#include "vmm/guest_log.h"
#include "vmm/hotplug.h"
#include "vmm/qemu_dev.h"
#include "vmm/qemu_host.h"
#include "vmm/qmp.h"
#include "vmm/runtime.h"

/* The same device: same place, same kind, same backing store. */
static int
same_device(const struct device *a, const struct device *b)
{
	return a->type == b->type && a->adapter == b->adapter && a->bus == b->bus &&
	    a->dev == b->dev && a->target == b->target && a->backing == b->backing &&
	    strcmp(a->location, b->location) == 0 && a->has_mac == b->has_mac &&
	    memcmp(a->mac, b->mac, 6) == 0 && a->portid == b->portid;
}

/* The device of the same kind (storage or NIC) at the same address. */
static const struct device *
find_at(const struct guest *g, const struct device *d)
{
	size_t i;

	for (i = 0; i < g->ndevs; i++)
		if (device_same_address(&g->devs[i], d))
			return &g->devs[i];
	return NULL;
}

static int
hba_exists(const struct guest *g, const struct device *d)
{
	size_t i;

	for (i = 0; i < g->ndevs; i++)
		if (g->devs[i].type != DEV_NETWORK && g->devs[i].bus == d->bus &&
		    g->devs[i].dev == d->dev && g->devs[i].adapter == d->adapter)
			return 1;
	return 0;
}

/* Are old and new equal but for their devices? Compare them with the devices taken out. */
static int
only_devices_differ(const struct guest *old, const struct guest *g)
{
	struct guest a, b;
	char *ta = NULL, *tb = NULL;
	size_t la, lb, i;
	int same = 0;

	if (guest_copy(&a, old) == -1 || guest_copy(&b, g) == -1)
		return 0;
	for (i = a.ndevs; i-- > 0;)
		guest_device_remove(&a, i);
	for (i = b.ndevs; i-- > 0;)
		guest_device_remove(&b, i);
	strcpy(b.name, a.name);
	if (guest_xml_format(&a, &ta, &la, NULL) == 0 && guest_xml_format(&b, &tb, &lb, NULL) == 0)
		same = la == lb && memcmp(ta, tb, la) == 0;
	free(ta);
	free(tb);
	guest_free(&a);
	guest_free(&b);
	return same;
}

/* Can every difference be done live? Attached devices, new adapters and NICs behind bridges cannot. */
static int
devices_live_ok(const struct guest *old, const struct guest *g)
{
	size_t i;

	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i], *o;
		if ((o = find_at(old, d)) != NULL && same_device(o, d))
			continue;
		if (d->type == DEV_NETWORK) {
			if (d->bus != 0 || (o != NULL && o->adapter != d->adapter))
				return 0;
			continue;
		}
		if (d->backing == BK_ATTACH || !hba_exists(old, d) || (d->type == DEV_DISK && d->backing == BK_NULL))
			return 0;
		if (o != NULL && o->type != d->type)
			return 0;
	}
	for (i = 0; i < old->ndevs; i++) {
		const struct device *o = &old->devs[i];
		if (o->type != DEV_NETWORK && find_at(g, o) == NULL && o->backing == BK_ATTACH)
			return 0;
		if (o->type == DEV_NETWORK && o->bus != 0 && find_at(g, o) == NULL)
			return 0;
	}
	return 1;
}

static json_object *obj(const char *k1, json_object *v1);

static json_object *
obj(const char *k1, json_object *v1)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, k1, v1);
	return o;
}

/*
 * Forget the descriptors QEMU holds for the drive `drv` (its fdsets carry the drive's id as
 * opaque): those listed in `sets` (NULL: as QEMU lists them now), but for set `keep`.
 */
static void
drop_fdsets(struct qmp *q, json_object *sets, const char *drv, int keep)
{
	json_object *now = NULL, *set, *fds, *fd, *v;
	size_t i, k;
	int id;

	if (sets == NULL && qmp_execute(q, "query-fdsets", NULL, &now, NULL) == -1)
		return;
	if (sets == NULL)
		sets = now;
	for (i = 0; i < json_object_array_length(sets); i++) {
		set = json_object_array_get_idx(sets, i);
		if (!json_object_object_get_ex(set, "fdset-id", &v) ||
		    (id = json_object_get_int(v)) == keep || !json_object_object_get_ex(set, "fds", &fds))
			continue;
		for (k = 0; k < json_object_array_length(fds); k++) {
			fd = json_object_array_get_idx(fds, k);
			if (json_object_object_get_ex(fd, "opaque", &v) &&
			    strcmp(json_object_get_string(v), drv) == 0) {
				qmp_execute(q, "remove-fd", obj("fdset-id", json_object_new_int(id)), NULL, NULL);
				break;
			}
		}
	}
	json_object_put(now);
}

static int
unplug(struct qmp *q, const struct device *d, struct hpvm_err *e)
{
	char devid[40], drv[40];
	int i;

	qemu_dev_id(d, QEMU_ID_DEVICE, devid, sizeof(devid));
	qemu_dev_id(d, QEMU_ID_DRIVE, drv, sizeof(drv));
	if (qmp_execute(q, "device_del", obj("id", json_object_new_string(devid)), NULL, e) == -1)
		return -1;
	/* A hot-added backend outlives its device until deleted; boot-time ones go with it. */
	for (i = 0; i < 20; i++) {
		if (qmp_execute(q, "blockdev-del", obj("node-name", json_object_new_string(drv)),
		    NULL, NULL) == 0)
			break;
		usleep(50000);
	}
	drop_fdsets(q, NULL, drv, -1);
	return 0;
}

/* Give QEMU `fd` (and `fd_ro` unless -1) as one fdset for drive `drv`: its id, or -1. */
static int
pass_fds(struct qmp *q, const char *drv, int fd, int fd_ro, struct hpvm_err *e)
{
	json_object *args, *ret = NULL, *v;
	int set = -1;

	args = obj("opaque", json_object_new_string(drv));
	if (qmp_execute_fd(q, "add-fd", args, fd, &ret, e) == 0 &&
	    json_object_object_get_ex(ret, "fdset-id", &v))
		set = json_object_get_int(v);
	json_object_put(ret);
	if (set >= 0 && fd_ro >= 0) {
		args = obj("opaque", json_object_new_string(drv));
		json_object_object_add(args, "fdset-id", json_object_new_int(set));
		if (qmp_execute_fd(q, "add-fd", args, fd_ro, NULL, e) == -1)
			set = -1;
	}
	return set;
}

/*
 * Give QEMU the backing store of `d` as an fdset, opened here (QEMU cannot open the file
 * itself): its id, or -1. Our copies are closed; QEMU holds its own.
 */
static int
pass_storage(struct qmp *q, const struct device *d, struct hpvm_err *e)
{
	char drv[40];
	int fd, fd_ro, set;

	qemu_dev_id(d, QEMU_ID_DRIVE, drv, sizeof(drv));
	if (qemu_host_open_storage(d, &fd, &fd_ro, e) == -1)
		return -1;
	set = pass_fds(q, drv, fd, fd_ro, e);
	close(fd);
	if (fd_ro >= 0)
		close(fd_ro);
	return set;
}

static int
plug(struct qmp *q, const struct device *d, struct hpvm_err *e)
{
	char devid[40], drv[40], hba[32], name[32];
	json_object *bd, *file, *dev;
	struct stat st;
	int cd = d->type == DEV_DVD, set;

	qemu_dev_id(d, QEMU_ID_DEVICE, devid, sizeof(devid));
	qemu_dev_id(d, QEMU_ID_DRIVE, drv, sizeof(drv));
	qemu_dev_hba_id(d, hba, sizeof(hba));
	dev = json_object_new_object();
	json_object_object_add(dev, "driver", json_object_new_string(qemu_dev_model(d)));
	json_object_object_add(dev, "id", json_object_new_string(devid));
	snprintf(hba + strlen(hba), sizeof(hba) - strlen(hba), ".0");
	json_object_object_add(dev, "bus", json_object_new_string(hba));
	json_object_object_add(dev, "scsi-id", json_object_new_int(d->target));
	if (d->backing != BK_NULL) {
		if ((set = pass_storage(q, d, e)) == -1) {
			json_object_put(dev);
			return -1;
		}
		snprintf(name, sizeof(name), "/dev/fdset/%d", set);
		file = json_object_new_object();
		json_object_object_add(file, "driver", json_object_new_string(
		    stat(d->location, &st) == 0 && S_ISBLK(st.st_mode) ? "host_device" : "file"));
		json_object_object_add(file, "filename", json_object_new_string(name));
		bd = json_object_new_object();
		json_object_object_add(bd, "driver", json_object_new_string("raw"));
		json_object_object_add(bd, "node-name", json_object_new_string(drv));
		json_object_object_add(bd, "read-only", json_object_new_boolean(cd));
		json_object_object_add(bd, "file", file);
		if (qmp_execute(q, "blockdev-add", bd, NULL, e) == -1) {
			drop_fdsets(q, NULL, drv, -1);
			json_object_put(dev);
			return -1;
		}
		json_object_object_add(dev, "drive", json_object_new_string(drv));
	}
	return qmp_execute(q, "device_add", dev, NULL, e);
}

/* The DVD drive `d` (at its address) left empty; the old media's descriptors go. */
int
hotplug_media_eject(struct qmp *q, const struct device *d, struct hpvm_err *e)
{
	char devid[40], drv[40];
	json_object *args;
	int rc;

	qemu_dev_id(d, QEMU_ID_DEVICE, devid, sizeof(devid));
	qemu_dev_id(d, QEMU_ID_DRIVE, drv, sizeof(drv));
	args = obj("id", json_object_new_string(devid));
	json_object_object_add(args, "force", json_object_new_boolean(1));
	if ((rc = qmp_execute(q, "eject", args, NULL, e)) == 0)
		drop_fdsets(q, NULL, drv, -1);
	return rc;
}

/*
 * The media open on `fd` (read-only; the caller keeps its copy) into the DVD drive `d`;
 * the old media's descriptors go.
 */
int
hotplug_media_insert(struct qmp *q, const struct device *d, int fd, struct hpvm_err *e)
{
	char devid[40], drv[40], name[32];
	json_object *args, *sets = NULL;
	int set, rc;

	qemu_dev_id(d, QEMU_ID_DEVICE, devid, sizeof(devid));
	qemu_dev_id(d, QEMU_ID_DRIVE, drv, sizeof(drv));
	/* The old media's sets are found before the new one joins them under the same id. */
	qmp_execute(q, "query-fdsets", NULL, &sets, NULL);
	if ((set = pass_fds(q, drv, fd, -1, e)) == -1) {
		json_object_put(sets);
		return -1;
	}
	snprintf(name, sizeof(name), "/dev/fdset/%d", set);
	args = obj("id", json_object_new_string(devid));
	json_object_object_add(args, "filename", json_object_new_string(name));
	json_object_object_add(args, "format", json_object_new_string("raw"));
	json_object_object_add(args, "read-only-mode", json_object_new_string("read-only"));
	if ((rc = qmp_execute(q, "blockdev-change-medium", args, NULL, e)) == 0 && sets != NULL)
		drop_fdsets(q, sets, drv, set);
	json_object_put(sets);
	return rc;
}

/* New media in a DVD drive, or none (null). */
static int
change_media(struct qmp *q, const struct device *d, struct hpvm_err *e)
{
	int fd, fd_ro, rc;

	if (d->backing == BK_NULL)
		return hotplug_media_eject(q, d, e);
	if (qemu_host_open_storage(d, &fd, &fd_ro, e) == -1)
		return -1;
	rc = hotplug_media_insert(q, d, fd, e);
	close(fd);
	if (fd_ro >= 0)
		close(fd_ro);
	return rc;
}

/* Offloads (virtio-net headers) unless the NIC's switch is Open vSwitch's userspace datapath. */
static enum tap_offload
nic_offload(const struct device *d)
{
	struct vswitch vs;

	return vswitch_config_load(d->location, &vs, NULL) == 0 && vs.ovs ? TAP_PLAIN : TAP_OFFLOAD;
}

/* A NIC: its tap on the vswitch port first, then the netdev and the PCI device. */
static int
plug_nic(struct qmp *q, const struct guest *g, const struct device *d, struct hpvm_err *e)
{
	char net[40], devid[40], tap[16], mac[MAC_STR_LEN + 1], addr[16];
	struct qemu_pci pci;
	json_object *nd, *dev;
	int fd, rc;

	if (guest_nic_plug(g, d, e) == -1)
		return -1;
	qemu_dev_id(d, QEMU_ID_NETDEV, net, sizeof(net));
	qemu_dev_id(d, QEMU_ID_DEVICE, devid, sizeof(devid));
	guest_nic_tap(g, d, tap, sizeof(tap));
	/* QEMU gets the tap, never /dev/net/tun: opened here, passed under the netdev's name. */
	if ((fd = netlink_tap_open(tap, nic_offload(d), e)) == -1)
		return -1;
	rc = qmp_execute_fd(q, "getfd", obj("fdname", json_object_new_string(net)), fd, NULL, e);
	close(fd);
	if (rc == -1)
		return -1;
	nd = json_object_new_object();
	json_object_object_add(nd, "type", json_object_new_string("tap"));
	json_object_object_add(nd, "id", json_object_new_string(net));
	json_object_object_add(nd, "fd", json_object_new_string(net));
	if (qmp_execute(q, "netdev_add", nd, NULL, e) == -1)
		return -1;
	mac_format_colons(d->mac, mac, sizeof(mac));
	qemu_dev_pci(d->bus, d->dev, &pci);
	dev = json_object_new_object();
	json_object_object_add(dev, "driver", json_object_new_string(qemu_dev_model(d)));
	json_object_object_add(dev, "id", json_object_new_string(devid));
	json_object_object_add(dev, "netdev", json_object_new_string(net));
	json_object_object_add(dev, "mac", json_object_new_string(mac));
	json_object_object_add(dev, "bus", json_object_new_string(pci.bus));
	snprintf(addr, sizeof(addr), "0x%x", pci.slot);
	json_object_object_add(dev, "addr", json_object_new_string(addr));
	return qmp_execute(q, "device_add", dev, NULL, e);
}

static int
unplug_nic(struct qmp *q, const struct guest *g, const struct device *d, struct hpvm_err *e)
{
	char devid[40], net[40], path[64];
	int i;

	qemu_dev_id(d, QEMU_ID_DEVICE, devid, sizeof(devid));
	qemu_dev_id(d, QEMU_ID_NETDEV, net, sizeof(net));
	if (qmp_execute(q, "device_del", obj("id", json_object_new_string(devid)), NULL, e) == -1)
		return -1;
	/* PCI unplug needs the guest's consent (ACPI); the netdev goes once the device has. */
	snprintf(path, sizeof(path), "/machine/peripheral/%s", devid);
	for (i = 0; i < 100; i++) {
		json_object *ret = NULL;
		if (qmp_execute(q, "qom-list", obj("path", json_object_new_string(path)), &ret, NULL) == -1)
			break;
		json_object_put(ret);
		usleep(100000);
	}
	qmp_execute(q, "netdev_del", obj("id", json_object_new_string(net)), NULL, NULL);
	guest_nic_unplug(g, d);
	return 0;
}

static int
apply(struct qmp *q, const struct guest *old, const struct guest *g, struct hpvm_err *e)
{
	size_t i;

	for (i = 0; i < old->ndevs; i++) {
		const struct device *o = &old->devs[i], *d;
		d = find_at(g, o);
		if (d != NULL && (same_device(o, d) || o->type == DEV_DVD))
			continue;
		if ((o->type == DEV_NETWORK ? unplug_nic(q, old, o, e) : unplug(q, o, e)) == -1)
			return -1;
	}
	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i], *o;
		o = find_at(old, d);
		if (d->type == DEV_NETWORK) {
			if ((o == NULL || !same_device(o, d)) && plug_nic(q, g, d, e) == -1)
				return -1;
			continue;
		}
		if (o != NULL && same_device(o, d))
			continue;
		if (o != NULL && o->type == DEV_DVD && change_media(q, d, e) == -1)
			return -1;
		if ((o == NULL || o->type != DEV_DVD) && plug(q, d, e) == -1)
			return -1;
	}
	return 0;
}

/* `old` is what the running guest has, `g` what it should have. */
enum live_result
hotplug_apply(const struct guest *old, const struct guest *g, struct hpvm_err *e)
{
	char sock[HPVM_PATH_LEN];
	struct qmp q;
	int lk, rc;

	if (!only_devices_differ(old, g) || !devices_live_ok(old, g))
		return LIVE_NEEDS_RESTART;
	if ((lk = lock_guest(g->uuid, LOCK_EXCL_MODE, e)) == -1)
		return LIVE_FAILED;
	rc = runtime_path(g->uuid, RT_QMP, sock, sizeof(sock), e);
	if (rc == 0)
		rc = qmp_connect(&q, sock, 5000, e);
	if (rc == 0) {
		rc = apply(&q, old, g, e);
		qmp_close(&q);
	}
	lock_release(lk);
	if (rc == 0)
		guest_log(g->uuid, "configuration changed while running (devices hot-plugged)");
	return rc == 0 ? LIVE_APPLIED : LIVE_FAILED;
}
