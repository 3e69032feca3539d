/* vswitch_view.c: read what hpvmnet prints about a switch: its link, uplink, ports and the taps' counters. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "net/netlink.h"
#include "net/port_registry.h"
#include "net/vswitch_backend.h"
#include "net/vswitch_view.h"
#include "store/vswitch_users.h"

static const char *const counter_names[VC_COUNT] = { "tx_bytes", "tx_packets", "tx_dropped",
	"rx_bytes", "rx_packets", "multicast", "rx_dropped" };

static void
uplink_mac(const struct vswitch *vs, char *buf, size_t len)
{
	uint8_t m[6];

	if (vs->uplink[0] == '\0' || netlink_link_mac(vs->uplink, m) == -1)
		snprintf(buf, len, "N/A");
	else
		snprintf(buf, len, "0x%02x%02x%02x%02x%02x%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* The host's address: on the bridge once the uplink's addresses moved there, else on the uplink. */
static void
host_ip(const struct vswitch *vs, int up, char *buf, size_t len)
{
	char br[32];

	vswitch_config_bridge(vs, br, sizeof(br));
	if (vs->uplink[0] == '\0' || netlink_first_ipv4(up ? br : vs->uplink, buf, len) == -1)
		snprintf(buf, len, "N/A");
}

/* The view of a loaded switch; guests whose configurations do not read are warnings in `e`. */
int
vswitch_view_of(const struct vswitch *vs, struct vswitch_view *v, struct hpvm_err *e)
{
	memset(v, 0, sizeof(*v));
	v->vs = *vs;
	v->up = vswitch_backend_is_up(vs);
	uplink_mac(vs, v->uplink_mac, sizeof(v->uplink_mac));
	host_ip(vs, v->up, v->ip, sizeof(v->ip));
	v->nactive = port_registry_list(vs->name, v->active, VSWITCH_PORTS);
	return vswitch_users_ports(vs->name, NULL, v->reserved, e);
}

int
vswitch_view_load(const char *name, struct vswitch_view *v, struct hpvm_err *e)
{
	struct vswitch vs;

	if (vswitch_config_load(name, &vs, e) == -1)
		return -1;
	vswitch_view_of(&vs, v, e);
	return 0;
}

/* One of a link's kernel counters (statistics/rx_bytes, ...), as the host sees them. */
int
vswitch_view_link_counter(const char *tap, const char *name, unsigned long long *v)
{
	char path[128], *text;

	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s", tap, name);
	if (file_read_all(path, &text, NULL, NULL) == -1)
		return -1;
	*v = strtoull(text, NULL, 10);
	free(text);
	return 0;
}

static int
baseline_path(const struct vswitch *vs, int port, char *buf, size_t len, struct hpvm_err *e)
{
	char name[32];

	snprintf(name, sizeof(name), "counters.%d", port);
	return port_registry_path(vs->name, name, buf, len, e);
}

/* The counters since the last -z; taps count from the host's side, so inbound to the guest is tap tx. */
static void
counters(const struct vswitch *vs, const struct vswitch_port *a, unsigned long long c[VC_COUNT])
{
	char path[HPVM_PATH_LEN], *text, tap[16];
	unsigned long long base[VC_COUNT] = { 0 };
	size_t i;

	if (baseline_path(vs, a->port, path, sizeof(path), NULL) == 0 &&
	    file_read_all(path, &text, NULL, NULL) == 0) {
		if (sscanf(text, "%15s %llu %llu %llu %llu %llu %llu %llu", tap, &base[0], &base[1],
		    &base[2], &base[3], &base[4], &base[5], &base[6]) != 8 || strcmp(tap, a->tap) != 0)
			memset(base, 0, sizeof(base));
		free(text);
	}
	for (i = 0; i < VC_COUNT; i++) {
		c[i] = 0;
		if (vswitch_view_link_counter(a->tap, counter_names[i], &c[i]) == 0 && c[i] >= base[i])
			c[i] -= base[i];
	}
}

int
vswitch_view_port(const struct vswitch_view *v, int port, struct vswitch_port_view *pv,
    struct hpvm_err *e)
{
	int i;

	memset(pv, 0, sizeof(*pv));
	pv->port = port;
	for (i = 0; i < v->nactive; i++)
		if (v->active[i].port == port)
			pv->active = &v->active[i];
	vswitch_users_list(v->vs.name, port, NULL, pv->reserved_by, sizeof(pv->reserved_by), e);
	if (pv->active == NULL && pv->reserved_by[0] == '\0' && v->vs.vlan[port] == VLAN_NONE)
		return hpvm_fail(e, ENOENT, "Port %d of vswitch %s is not in use.", port, v->vs.name);
	if (pv->active != NULL)
		counters(&v->vs, pv->active, pv->counter);
	return 0;
}

/* -z: remember the counters now; -A shows what came after. */
int
vswitch_view_counters_clear(const struct vswitch *vs, struct hpvm_err *e)
{
	struct vswitch_port ports[VSWITCH_PORTS];
	char path[HPVM_PATH_LEN], line[256];
	int i, n = port_registry_list(vs->name, ports, VSWITCH_PORTS);

	for (i = 0; i < n; i++) {
		unsigned long long c[VC_COUNT] = { 0 };
		size_t k;
		for (k = 0; k < VC_COUNT; k++)
			vswitch_view_link_counter(ports[i].tap, counter_names[k], &c[k]);
		snprintf(line, sizeof(line), "%s %llu %llu %llu %llu %llu %llu %llu\n", ports[i].tap,
		    c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
		if (baseline_path(vs, ports[i].port, path, sizeof(path), e) == -1 ||
		    file_write_atomic(path, line, strlen(line), 0644, e) == -1)
			return -1;
	}
	return 0;
}
