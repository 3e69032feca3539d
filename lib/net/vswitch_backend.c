/* vswitch_backend.c: a vswitch is a Linux bridge (netlink) or an Open vSwitch bridge (ovs-vsctl, userspace datapath). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/exec.h"
#include "net/netlink.h"
#include "net/port_registry.h"
#include "net/vswitch_backend.h"
#include "store/vswitch_config.h"

int
vswitch_backend_is_up(const struct vswitch *vs)
{
	char br[32];

	vswitch_config_bridge(vs, br, sizeof(br));
	return netlink_link_exists(br) && netlink_link_is_up(br);
}

/* ovs-vsctl with the arguments up to the first NULL. */
static int
ovs(struct hpvm_err *e, ...)
{
	const char *argv[16] = { "ovs-vsctl", "--timeout=10" };
	va_list ap;
	int n = 2;

	va_start(ap, e);
	while (n < 15 && (argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	return exec_argv(argv, e);
}

/* Put a port (tap or uplink) on the switch, untagged in `vlan` (VLAN_NONE for none). */
static int
port_add(const struct vswitch *vs, const char *port, int vlan, struct hpvm_err *e)
{
	char br[32], tag[32];

	vswitch_config_bridge(vs, br, sizeof(br));
	if (!vs->ovs)
		return netlink_link_master_set(port, br, e) == -1 ? -1 : netlink_link_set_up(port, LINK_UP, e);
	snprintf(tag, sizeof(tag), "tag=%d", vlan);
	if (vlan == VLAN_NONE ? ovs(e, "--may-exist", "add-port", br, port, NULL) :
	    ovs(e, "--may-exist", "add-port", br, port, "--", "set", "port", port, tag, NULL))
		return -1;
	return netlink_link_set_up(port, LINK_UP, e);
}

int
vswitch_backend_attach(const struct vswitch *vs, const char *tap, int port, struct hpvm_err *e)
{
	return port_add(vs, tap, vs->vlan[port], e);
}

/* Create the bridge, bring in the uplink and its addresses, and re-attach running guests' ports. */
int
vswitch_backend_boot(struct vswitch *vs, struct hpvm_err *e)
{
	struct vswitch_port ports[VSWITCH_PORTS];
	char br[32];
	int i, n, rc = 0;

	vswitch_config_bridge(vs, br, sizeof(br));
	if (vs->uplink[0] != '\0' && !netlink_link_exists(vs->uplink))
		return hpvm_fail(e, ENODEV, "The vswitch's network interface %s does not exist.",
		    vs->uplink);
	if (vs->ovs) {
		if (ovs(e, "--may-exist", "add-br", br, "--", "set", "bridge", br,
		    "datapath_type=netdev", NULL) == -1)
			return -1;
	} else if (netlink_bridge_create(br, e) == -1)
		return -1;
	if (netlink_link_set_up(br, LINK_UP, e) == -1)
		return -1;
	if (vs->uplink[0] != '\0' && (port_add(vs, vs->uplink, VLAN_NONE, e) == -1 ||
	    netlink_move_addresses(vs->uplink, br, e) == -1))
		return -1;
	n = port_registry_list(vs->name, ports, VSWITCH_PORTS);
	for (i = 0; i < n; i++)
		if (netlink_link_exists(ports[i].tap) &&
		    vswitch_backend_attach(vs, ports[i].tap, ports[i].port, e) == -1)
			rc = -1;
	return rc;
}

/* Give the uplink its addresses back and remove the bridge; guests' taps stay, unplugged, until boot. */
int
vswitch_backend_halt(struct vswitch *vs, struct hpvm_err *e)
{
	char br[32];

	vswitch_config_bridge(vs, br, sizeof(br));
	if (!netlink_link_exists(br))
		return 0;
	if (vs->uplink[0] != '\0' && netlink_link_exists(vs->uplink) &&
	    netlink_move_addresses(br, vs->uplink, e) == -1)
		return -1;
	if (vs->ovs)
		return ovs(e, "--if-exists", "del-br", br, NULL);
	if (vs->uplink[0] != '\0' && netlink_link_exists(vs->uplink))
		netlink_link_master_set(vs->uplink, NULL, NULL);
	return netlink_link_delete(br, e);
}

/* A port's untagged VLAN (or VLAN_NONE). The Linux bridge needs VLAN filtering for it; OVS tags per port. */
int
vswitch_backend_set_vlan(struct vswitch *vs, int port, int vlan, struct hpvm_err *e)
{
	struct vswitch_port ports[VSWITCH_PORTS];
	char tag[32];
	int i, n;

	if (!vs->ovs && vlan != VLAN_NONE)
		return hpvm_fail(e, ENOTSUP, "VLANs need bridge VLAN filtering, which the Linux bridge "
		    "backend does not use on this host; create the vswitch with the ovs backend "
		    "(hpvmnet -c -S %s -t ovs).", vs->name);
	vs->vlan[port] = vlan;
	n = port_registry_list(vs->name, ports, VSWITCH_PORTS);
	for (i = 0; i < n; i++) {
		if (ports[i].port != port || !vs->ovs || !vswitch_backend_is_up(vs))
			continue;
		snprintf(tag, sizeof(tag), "tag=%d", vlan);
		if (vlan == VLAN_NONE ? ovs(e, "clear", "port", ports[i].tap, "tag", NULL) :
		    ovs(e, "set", "port", ports[i].tap, tag, NULL))
			return -1;
	}
	return 0;
}
