/* guest_nic.c: each NIC of a running guest is a tap on a vswitch port, recorded in the port registry. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/hpvm_err.h"
#include "model/guest.h"
#include "model/guest_index.h"
#include "net/guest_nic.h"
#include "net/netlink.h"
#include "net/port_registry.h"
#include "net/vswitch_backend.h"
#include "store/guest_store.h"
#include "store/vswitch_config.h"
#include "store/vswitch_users.h"

/* The tap of a guest's NIC: named by VM number and PCI slot, unique on the host and stable across starts. */
int
guest_nic_tap(const struct guest *g, const struct device *d, char *buf, size_t len)
{
	return snprintf(buf, len, "hvt%d.%d", g->vmnum, d->bus * (PCI_DEV_MAX + 1) + d->dev) >=
	    (int)len ? -1 : 0;
}

/*
 * The lowest port of `vswitch` that no other guest than `guest` holds while it runs or has
 * reserved in its configuration, and that `mine` (may be NULL) does not mark. The reservations
 * come from `ix` (checked already by the caller's scan) when there is one, else from a scan.
 */
static int
free_port(const char *vswitch, const char *guest, const char *mine, const struct guest_index *ix,
    struct hpvm_err *e)
{
	struct vswitch_port ports[VSWITCH_PORTS];
	int reserved[VSWITCH_PORTS];
	int i, n = port_registry_list(vswitch, ports, VSWITCH_PORTS);

	if (ix != NULL)
		guest_index_ports(ix, vswitch, guest, reserved, VSWITCH_PORTS);
	else
		vswitch_users_ports(vswitch, guest, reserved, NULL);
	for (i = 0; i < n; i++)
		if (strcmp(ports[i].guest, guest) != 0)
			reserved[ports[i].port]++;
	for (i = 0; i < VSWITCH_PORTS; i++)
		if (reserved[i] == 0 && (mine == NULL || !mine[i]))
			return i;
	return hpvm_fail(e, ENOSPC, "Vswitch %s has no free port.", vswitch);
}

static int
choose_port(const struct vswitch *vs, const struct device *d, const char *guest, struct hpvm_err *e)
{
	struct vswitch_port ports[VSWITCH_PORTS];
	int i, n;

	if (d->portid < 0)
		return free_port(vs->name, guest, NULL, NULL, e);
	n = port_registry_list(vs->name, ports, VSWITCH_PORTS);
	for (i = 0; i < n; i++)
		if (ports[i].port == d->portid)
			return hpvm_fail(e, EBUSY, "Port %d of vswitch %s is in use by guest '%s'.",
			    d->portid, vs->name, ports[i].guest);
	return d->portid;
}

/*
 * Ports are reserved when a NIC is configured, as HP does (hpvmnet's "Reserved VMs"): each
 * NIC without one gets the lowest free port of its vswitch, so hpvmstatus shows it while the
 * guest is off. `as` is the guest's name as the other configurations know it; `ix` (may be NULL)
 * holds every other guest's, so no second scan is needed.
 */
int
guest_nic_reserve_ports(struct guest *g, const struct guest_index *ix, const char *as,
    struct hpvm_err *e)
{
	size_t i, j;

	for (i = 0; i < g->ndevs; i++) {
		struct device *d = &g->devs[i];
		char mine[VSWITCH_PORTS] = { 0 };
		if (d->type != DEV_NETWORK || d->portid >= 0)
			continue;
		for (j = 0; j < g->ndevs; j++)
			if (g->devs[j].type == DEV_NETWORK && g->devs[j].portid >= 0 &&
			    strcmp(g->devs[j].location, d->location) == 0)
				mine[g->devs[j].portid] = 1;
		if ((d->portid = free_port(d->location, as, mine, ix, e)) < 0)
			return -1;
	}
	return 0;
}

/*
 * Is the MAC already on the switch behind another port? HP probed HPVMMACADDRFRAMES times,
 * a second apart; the bridge's forwarding table answers without sending anything, so the
 * probes here are looks at it, 100 ms apart, and only where an uplink brings outside neighbours.
 */
static int
mac_in_use(const struct vswitch *vs, const uint8_t mac[6], const char *tap)
{
	struct hpvm_conf conf;
	char br[32];
	long i, frames;

	conf_load(&conf, NULL);
	frames = conf_get_long(&conf, "HPVMMACADDRFRAMES", 3, 0, 30);
	vswitch_config_bridge(vs, br, sizeof(br));
	/* Without an uplink every neighbour is local: one look tells all. */
	if (vs->uplink[0] == '\0' && frames > 1)
		frames = 1;
	for (i = 0; i < frames; i++) {
		if (netlink_fdb_has(br, mac, tap))
			return 1;
		if (i + 1 < frames)
			usleep(100000);
	}
	return 0;
}

/* One NIC on its port: tap made, MAC checked, attached to a switch that is up, registered. */
int
guest_nic_plug(const struct guest *g, const struct device *d, struct hpvm_err *e)
{
	struct vswitch_port p = { .port = -1 };
	struct vswitch vs;

	if (vswitch_config_load(d->location, &vs, e) == -1)
		return -1;
	if ((p.port = choose_port(&vs, d, g->name, e)) < 0)
		return -1;
	/* localnet, and booted switches the host has not brought up yet, come up on first use. */
	if (vs.boot && !vswitch_backend_is_up(&vs) && vswitch_backend_boot(&vs, e) == -1)
		return -1;
	guest_nic_tap(g, d, p.tap, sizeof(p.tap));
	snprintf(p.guest, sizeof(p.guest), "%s", g->name);
	snprintf(p.adapter, sizeof(p.adapter), "%s", device_adapter_name(d->adapter));
	memcpy(p.mac, d->mac, sizeof(p.mac));
	if (netlink_tap_create(p.tap, e) == -1)
		return -1;
	if (vswitch_backend_is_up(&vs) && mac_in_use(&vs, d->mac, NULL)) {
		netlink_link_delete(p.tap, NULL);
		return hpvm_fail(e, EADDRINUSE, "Guest MAC address for switch %s is in use.", vs.name);
	}
	if ((vswitch_backend_is_up(&vs) && vswitch_backend_attach(&vs, p.tap, p.port, e) == -1) ||
	    port_registry_add(vs.name, &p, e) == -1) {
		netlink_link_delete(p.tap, NULL);
		return -1;
	}
	return 0;
}

/* Before QEMU starts: a tap per NIC, on its vswitch port. All or none. */
int
guest_nic_plug_all(const struct guest *g, struct hpvm_err *e)
{
	size_t i;

	for (i = 0; i < g->ndevs; i++)
		if (g->devs[i].type == DEV_NETWORK && guest_nic_plug(g, &g->devs[i], e) == -1) {
			guest_nic_unplug_all(g->uuid);
			return -1;
		}
	return 0;
}

/* After QEMU ends: remove the guest's taps and free its ports, whatever its configuration says now. */
void
guest_nic_unplug_all(const char *uuid)
{
	struct vswitch_port ports[VSWITCH_PORTS];
	char **names, prefix[32];
	struct guest g;
	size_t n, i;
	int k, np;

	if (guest_store_load_uuid(uuid, CONFIG_CURRENT, &g, NULL) == -1)
		return;
	snprintf(prefix, sizeof(prefix), "hvt%d.", g.vmnum);
	guest_free(&g);
	if (vswitch_config_names(&names, &n, NULL) == -1)
		return;
	for (i = 0; i < n; i++) {
		np = port_registry_list(names[i], ports, VSWITCH_PORTS);
		for (k = 0; k < np; k++) {
			if (strncmp(ports[k].tap, prefix, strlen(prefix)) != 0)
				continue;
			netlink_link_delete(ports[k].tap, NULL);
			port_registry_remove(names[i], ports[k].port);
		}
	}
	vswitch_config_names_free(names, n);
}

/* One NIC's tap and port (hot removal). */
void
guest_nic_unplug(const struct guest *g, const struct device *d)
{
	struct vswitch_port ports[VSWITCH_PORTS];
	char tap[16];
	int k, n;

	guest_nic_tap(g, d, tap, sizeof(tap));
	netlink_link_delete(tap, NULL);
	n = port_registry_list(d->location, ports, VSWITCH_PORTS);
	for (k = 0; k < n; k++)
		if (strcmp(ports[k].tap, tap) == 0)
			port_registry_remove(d->location, ports[k].port);
}
