/*
 * vswitch_ports.c: each NIC of a running guest is a tap on a vswitch port. The port registry
 * /var/run/hpvm/vswitches/<switch>/<port> says which guest holds which port, so hpvmnet can show
 * them and a booting vswitch can re-attach them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "err.h"
#include "fsutil.h"
#include "guest.h"
#include "guest_store.h"
#include "netlink.h"
#include "paths.h"
#include "rspec.h"
#include "units.h"
#include "vswitch.h"

/* The tap of a guest's NIC: named by VM number and PCI slot, unique on the host and stable across starts. */
int
guest_port_tap(const struct guest *g, const struct device *d, char *buf, size_t len)
{
	return snprintf(buf, len, "hvt%d.%d", g->vmnum, d->bus * (PCI_DEV_MAX + 1) + d->dev) >=
	    (int)len ? -1 : 0;
}

static int
registry_dir(const char *vswitch, char *buf, size_t len)
{
	return hpvm_path(buf, len, HPVM_RUN "/vswitches/%s", vswitch);
}

int
vswitch_ports_active(const char *vswitch, struct vswitch_port *ports, int max)
{
	char dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN + 300], *text, mac[32];
	struct dirent *d;
	DIR *dp;
	long port;
	int n = 0;

	if (registry_dir(vswitch, dir, sizeof(dir)) == -1 || (dp = opendir(dir)) == NULL)
		return 0;
	while ((d = readdir(dp)) != NULL && n < max) {
		if (parse_int(d->d_name, 0, VSWITCH_PORTS - 1, &port) == -1)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (file_read_all(path, &text, NULL, NULL) == -1)
			continue;
		memset(&ports[n], 0, sizeof(ports[n]));
		if (sscanf(text, "%64s %15s %15s %31s", ports[n].guest, ports[n].tap,
		    ports[n].adapter, mac) == 4 && mac_parse(mac, ports[n].mac) == 0) {
			ports[n].port = (int)port;
			n++;
		}
		free(text);
	}
	closedir(dp);
	return n;
}

/*
 * Guests (but `skip`) whose configuration puts a NIC on the vswitch, on port `port` when it is
 * not -1: HP's "reserved" VMs. Their names go space-separated into `names` (may be NULL).
 */
int
vswitch_users(const char *vswitch, int port, const char *skip, char *names, size_t len)
{
	struct guest_list l;
	size_t i, j, off = 0;
	int count = 0;

	if (names != NULL && len > 0)
		names[0] = '\0';
	if (guest_list(&l, 0, NULL) == -1)
		return 0;
	for (i = 0; i < l.n; i++) {
		struct guest g;
		int uses = 0;
		if ((skip != NULL && strcmp(l.names[i], skip) == 0) || guest_load(l.names[i], &g, NULL) == -1)
			continue;
		for (j = 0; j < g.ndevs; j++)
			if (g.devs[j].type == DEV_NETWORK && strcmp(g.devs[j].location, vswitch) == 0 &&
			    (port < 0 || g.devs[j].portid == port))
				uses = 1;
		guest_free(&g);
		if (!uses)
			continue;
		count++;
		if (names != NULL && off < len)
			off += (size_t)snprintf(names + off, len - off, "%s%s", off ? " " : "", l.names[i]);
	}
	guest_list_free(&l);
	return count;
}

/* For every port, how many guests (but `skip`) ask for it by number: one pass over the guests. */
int
vswitch_port_reservations(const char *vswitch, const char *skip, int count[VSWITCH_PORTS])
{
	struct guest_list l;
	size_t i, j;

	memset(count, 0, VSWITCH_PORTS * sizeof(count[0]));
	if (guest_list(&l, 0, NULL) == -1)
		return -1;
	for (i = 0; i < l.n; i++) {
		struct guest g;
		if ((skip != NULL && strcmp(l.names[i], skip) == 0) || guest_load(l.names[i], &g, NULL) == -1)
			continue;
		for (j = 0; j < g.ndevs; j++)
			if (g.devs[j].type == DEV_NETWORK && g.devs[j].portid >= 0 &&
			    strcmp(g.devs[j].location, vswitch) == 0)
				count[g.devs[j].portid]++;
		guest_free(&g);
	}
	guest_list_free(&l);
	return 0;
}

static int
choose_port(const struct vswitch *vs, const struct device *d, const char *guest, struct hpvm_err *e)
{
	struct vswitch_port ports[VSWITCH_PORTS];
	char used[VSWITCH_PORTS] = { 0 };
	int reserved[VSWITCH_PORTS];
	int i, n = vswitch_ports_active(vs->name, ports, VSWITCH_PORTS);

	for (i = 0; i < n; i++)
		used[ports[i].port] = 1;
	if (d->portid >= 0) {
		for (i = 0; i < n; i++)
			if (ports[i].port == d->portid)
				return hpvm_fail(e, EBUSY, "Port %d of vswitch %s is in use by guest '%s'.",
				    d->portid, vs->name, ports[i].guest);
		return d->portid;
	}
	vswitch_port_reservations(vs->name, guest, reserved);
	for (i = 0; i < VSWITCH_PORTS; i++)
		if (!used[i] && reserved[i] == 0)
			return i;
	return hpvm_fail(e, ENOSPC, "Vswitch %s has no free port.", vs->name);
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
	vswitch_bridge(vs, br, sizeof(br));
	/* Without an uplink every neighbour is local: one look tells all. */
	if (vs->uplink[0] == '\0' && frames > 1)
		frames = 1;
	for (i = 0; i < frames; i++) {
		if (bridge_fdb_has(br, mac, tap))
			return 1;
		if (i + 1 < frames)
			usleep(100000);
	}
	return 0;
}

int
guest_port_plug_one(const struct guest *g, const struct device *d, struct hpvm_err *e)
{
	char tap[16], dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN + 16], line[160], mac[MAC_STR_LEN + 1];
	struct vswitch vs;
	int port;

	if (vswitch_load(d->location, &vs, e) == -1)
		return -1;
	if ((port = choose_port(&vs, d, g->name, e)) < 0)
		return -1;
	/* localnet, and booted switches the host has not brought up yet, come up on first use. */
	if (vs.boot && !vswitch_is_up(&vs) && vswitch_boot(&vs, e) == -1)
		return -1;
	guest_port_tap(g, d, tap, sizeof(tap));
	if (nl_tap_create(tap, e) == -1)
		return -1;
	if (vswitch_is_up(&vs) && mac_in_use(&vs, d->mac, NULL)) {
		nl_link_delete(tap, NULL);
		return hpvm_fail(e, EADDRINUSE, "Guest MAC address for switch %s is in use.", vs.name);
	}
	if (vswitch_is_up(&vs) && vswitch_port_attach(&vs, tap, port, e) == -1) {
		nl_link_delete(tap, NULL);
		return -1;
	}
	registry_dir(vs.name, dir, sizeof(dir));
	mac_format(d->mac, mac, sizeof(mac));
	snprintf(path, sizeof(path), "%s/%d", dir, port);
	snprintf(line, sizeof(line), "%s %s %s %s\n", g->name, tap, adapter_name(d->adapter), mac);
	if (dir_make(dir, 0755, e) == -1 || file_write_atomic(path, line, strlen(line), 0644, e) == -1) {
		nl_link_delete(tap, NULL);
		return -1;
	}
	return 0;
}

/* Before QEMU starts: a tap per NIC, on its vswitch port. All or none. */
int
guest_ports_plug(const struct guest *g, struct hpvm_err *e)
{
	size_t i;

	for (i = 0; i < g->ndevs; i++)
		if (g->devs[i].type == DEV_NETWORK && guest_port_plug_one(g, &g->devs[i], e) == -1) {
			guest_ports_unplug(g->uuid);
			return -1;
		}
	return 0;
}

/* After QEMU ends: remove the guest's taps and free its ports, whatever its configuration says now. */
void
guest_ports_unplug(const char *uuid)
{
	struct vswitch_port ports[VSWITCH_PORTS];
	char **names, prefix[32], dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN + 16];
	struct guest g;
	size_t n, i;
	int k, np;

	if (guest_load_uuid(uuid, CONFIG_CURRENT, &g, NULL) == -1)
		return;
	snprintf(prefix, sizeof(prefix), "hvt%d.", g.vmnum);
	guest_free(&g);
	if (vswitch_names(&names, &n, NULL) == -1)
		return;
	for (i = 0; i < n; i++) {
		np = vswitch_ports_active(names[i], ports, VSWITCH_PORTS);
		registry_dir(names[i], dir, sizeof(dir));
		for (k = 0; k < np; k++) {
			if (strncmp(ports[k].tap, prefix, strlen(prefix)) != 0)
				continue;
			nl_link_delete(ports[k].tap, NULL);
			snprintf(path, sizeof(path), "%s/%d", dir, ports[k].port);
			unlink(path);
			snprintf(path, sizeof(path), "%s/counters.%d", dir, ports[k].port);
			unlink(path);
		}
	}
	vswitch_names_free(names, n);
}

/* One NIC's tap and port (hot removal). */
void
guest_port_unplug_one(const struct guest *g, const struct device *d)
{
	struct vswitch_port ports[VSWITCH_PORTS];
	char tap[16], dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN + 16];
	int k, n;

	guest_port_tap(g, d, tap, sizeof(tap));
	nl_link_delete(tap, NULL);
	n = vswitch_ports_active(d->location, ports, VSWITCH_PORTS);
	registry_dir(d->location, dir, sizeof(dir));
	for (k = 0; k < n; k++)
		if (strcmp(ports[k].tap, tap) == 0) {
			snprintf(path, sizeof(path), "%s/%d", dir, ports[k].port);
			unlink(path);
			snprintf(path, sizeof(path), "%s/counters.%d", dir, ports[k].port);
			unlink(path);
		}
}
