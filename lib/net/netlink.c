/* netlink.c: bridges, taps and enslaving through libnl-route-3, never by running ip or brctl. */
#include <sys/ioctl.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_tun.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/route.h>

#include "base/hpvm_err.h"
#include "base/file.h"
#include "net/netlink.h"

static struct nl_sock *
netlink_open(struct hpvm_err *e)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (sk == NULL || nl_connect(sk, NETLINK_ROUTE) < 0) {
		if (sk != NULL)
			nl_socket_free(sk);
		hpvm_fail(e, EIO, "Unable to open a netlink socket.");
		return NULL;
	}
	return sk;
}

static int
netlink_fail(struct hpvm_err *e, int err, const char *what, const char *name)
{
	return hpvm_fail(e, EIO, "Unable to %s %s: %s", what, name, nl_geterror(err));
}

int
netlink_link_exists(const char *name)
{
	return if_nametoindex(name) != 0;
}

int
netlink_link_is_up(const char *name)
{
	char path[128], *text;
	int up;

	snprintf(path, sizeof(path), "/sys/class/net/%s/flags", name);
	if (file_read_all(path, &text, NULL, NULL) == -1)
		return 0;
	up = (strtol(text, NULL, 16) & IFF_UP) != 0;
	free(text);
	return up;
}

/* Change one link by name: set up/down or a master, with one netlink request. */
static int
link_change(const char *name, int up, int master, const char *what, struct hpvm_err *e)
{
	struct nl_sock *sk = netlink_open(e);
	struct rtnl_link *orig = NULL, *chg;
	int err;

	if (sk == NULL)
		return -1;
	if ((err = rtnl_link_get_kernel(sk, 0, name, &orig)) < 0) {
		nl_socket_free(sk);
		return netlink_fail(e, err, what, name);
	}
	chg = rtnl_link_alloc();
	if (up == 1)
		rtnl_link_set_flags(chg, IFF_UP);
	else if (up == 0)
		rtnl_link_unset_flags(chg, IFF_UP);
	if (master >= 0)
		rtnl_link_set_master(chg, master);
	err = rtnl_link_change(sk, orig, chg, 0);
	rtnl_link_put(chg);
	rtnl_link_put(orig);
	nl_socket_free(sk);
	return err < 0 ? netlink_fail(e, err, what, name) : 0;
}

int
netlink_link_set_up(const char *name, enum link_state state, struct hpvm_err *e)
{
	return link_change(name, state == LINK_UP, -1, state == LINK_UP ? "bring up" : "bring down", e);
}

/* Make `port` a port of `bridge`, or of nothing when bridge is NULL. */
int
netlink_link_master_set(const char *port, const char *bridge, struct hpvm_err *e)
{
	int idx = 0;

	if (bridge != NULL && (idx = (int)if_nametoindex(bridge)) == 0)
		return hpvm_fail(e, ENODEV, "No such bridge %s.", bridge);
	return link_change(port, -1, idx, bridge ? "attach" : "detach", e);
}

int
netlink_link_delete(const char *name, struct hpvm_err *e)
{
	struct nl_sock *sk;
	struct rtnl_link *l;
	int err;

	if (!netlink_link_exists(name))
		return 0;
	if ((sk = netlink_open(e)) == NULL)
		return -1;
	l = rtnl_link_alloc();
	rtnl_link_set_name(l, name);
	err = rtnl_link_delete(sk, l);
	rtnl_link_put(l);
	nl_socket_free(sk);
	return err < 0 ? netlink_fail(e, err, "delete", name) : 0;
}

int
netlink_link_mac(const char *name, uint8_t mac[6])
{
	char path[128], *text;
	unsigned int b[6];
	int i, n;

	snprintf(path, sizeof(path), "/sys/class/net/%s/address", name);
	if (file_read_all(path, &text, NULL, NULL) == -1)
		return -1;
	n = sscanf(text, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]);
	free(text);
	if (n != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

int
netlink_bridge_create(const char *name, struct hpvm_err *e)
{
	struct nl_sock *sk;
	int err;

	if (netlink_link_exists(name))
		return 0;
	if ((sk = netlink_open(e)) == NULL)
		return -1;
	err = rtnl_link_bridge_add(sk, name);
	nl_socket_free(sk);
	return err < 0 ? netlink_fail(e, err, "create bridge", name) : 0;
}

/* A persistent tap that QEMU opens by name; vnet headers let vhost-net and offloads work. */
int
netlink_tap_create(const char *name, struct hpvm_err *e)
{
	struct ifreq ifr;
	int fd;

	if ((fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC)) == -1)
		return hpvm_fail(e, errno, "Unable to open /dev/net/tun: %s", strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) == -1 || ioctl(fd, TUNSETPERSIST, 1) == -1) {
		int saved = errno;
		close(fd);
		return hpvm_fail(e, saved, "Unable to create tap %s: %s", name, strerror(saved));
	}
	close(fd);
	return 0;
}

/*
 * Open an existing tap for a guest's QEMU, which gets the descriptor and never /dev/net/tun.
 * Virtio-net headers (offloads) only where the switch takes them: OVS's userspace datapath
 * drops the oversized frames they make.
 */
int
netlink_tap_open(const char *name, enum tap_offload offload, struct hpvm_err *e)
{
	struct ifreq ifr;
	int fd;

	if ((fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC)) == -1)
		return hpvm_fail(e, errno, "Unable to open /dev/net/tun: %s", strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | (offload == TAP_OFFLOAD ? IFF_VNET_HDR : 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (!netlink_link_exists(name) || ioctl(fd, TUNSETIFF, &ifr) == -1) {
		int saved = netlink_link_exists(name) ? errno : ENODEV;
		close(fd);
		return hpvm_fail(e, saved, "Unable to open tap %s: %s", name, strerror(saved));
	}
	return fd;
}

struct move_ctx {
	struct nl_sock	*sk;
	int		 from, to, err;
	const char	*to_name;
};

static void
move_addr(struct nl_object *obj, void *arg)
{
	struct move_ctx *m = arg;
	struct rtnl_addr *a = (struct rtnl_addr *)obj, *n;

	if (rtnl_addr_get_ifindex(a) != m->from)
		return;
	n = (struct rtnl_addr *)nl_object_clone(obj);
	rtnl_addr_set_ifindex(n, m->to);
	rtnl_addr_set_label(n, m->to_name);	/* the kernel wants the label to name the link */
	if (rtnl_addr_add(m->sk, n, 0) < 0 || rtnl_addr_delete(m->sk, a, 0) < 0)
		m->err = 1;
	rtnl_addr_put(n);
}

static void
move_route(struct nl_object *obj, void *arg)
{
	struct move_ctx *m = arg;
	struct rtnl_route *r = (struct rtnl_route *)obj, *n;
	struct rtnl_nexthop *nh;

	if (rtnl_route_get_table(r) != RT_TABLE_MAIN || rtnl_route_get_nnexthops(r) != 1 ||
	    rtnl_route_get_protocol(r) == RTPROT_KERNEL)
		return;
	nh = rtnl_route_nexthop_n(r, 0);
	if (rtnl_route_nh_get_ifindex(nh) != m->from)
		return;
	n = (struct rtnl_route *)nl_object_clone(obj);
	rtnl_route_nh_set_ifindex(rtnl_route_nexthop_n(n, 0), m->to);
	rtnl_route_delete(m->sk, r, 0);		/* usually gone with the address already */
	int err = rtnl_route_add(m->sk, n, NLM_F_CREATE);
	if (err < 0 && err != -NLE_EXIST)
		m->err = 1;
	rtnl_route_put(n);
}

/*
 * Move a NIC's addresses and routes to a bridge (or back), as Xen's network-bridge did,
 * so the host keeps its network when the NIC becomes a vswitch's uplink.
 */
int
netlink_move_addresses(const char *from, const char *to, struct hpvm_err *e)
{
	struct move_ctx m = { .from = (int)if_nametoindex(from), .to = (int)if_nametoindex(to),
	    .to_name = to };
	struct nl_cache *addrs = NULL, *routes = NULL;

	if (m.from == 0 || m.to == 0)
		return hpvm_fail(e, ENODEV, "No such interface %s or %s.", from, to);
	if ((m.sk = netlink_open(e)) == NULL)
		return -1;
	/* Remember the routes first: deleting an address takes its routes with it. */
	if (rtnl_route_alloc_cache(m.sk, AF_UNSPEC, 0, &routes) == 0 &&
	    rtnl_addr_alloc_cache(m.sk, &addrs) == 0) {
		struct nl_cache *saved = routes;
		routes = NULL;
		nl_cache_foreach(addrs, move_addr, &m);
		nl_cache_foreach(saved, move_route, &m);
		nl_cache_free(saved);
	} else
		m.err = 1;
	if (addrs != NULL)
		nl_cache_free(addrs);
	if (routes != NULL)
		nl_cache_free(routes);
	nl_socket_free(m.sk);
	return m.err ? hpvm_fail(e, EIO, "Unable to move every address and route from %s to %s.",
	    from, to) : 0;
}

/* The first IPv4 address of a link, for hpvmnet's table. */
int
netlink_first_ipv4(const char *name, char *buf, size_t len)
{
	struct nl_sock *sk = netlink_open(NULL);
	struct nl_cache *addrs;
	struct nl_object *o;
	int idx = (int)if_nametoindex(name), found = -1;

	if (sk == NULL)
		return -1;
	if (idx != 0 && rtnl_addr_alloc_cache(sk, &addrs) == 0) {
		for (o = nl_cache_get_first(addrs); o != NULL && found == -1; o = nl_cache_get_next(o)) {
			struct rtnl_addr *a = (struct rtnl_addr *)o;
			if (rtnl_addr_get_ifindex(a) == idx && rtnl_addr_get_family(a) == AF_INET) {
				struct nl_addr *l = rtnl_addr_get_local(a);
				inet_ntop(AF_INET, nl_addr_get_binary_addr(l), buf, (socklen_t)len);
				found = 0;
			}
		}
		nl_cache_free(addrs);
	}
	nl_socket_free(sk);
	return found;
}

/* Is `mac` behind some port of the bridge other than `own_port` (a neighbour already using it)? */
int
netlink_fdb_has(const char *bridge, const uint8_t mac[6], const char *own_port)
{
	struct fdb { uint8_t mac[6], port_no, is_local; uint32_t ageing; uint8_t port_hi, pad0; uint16_t unused; };
	char path[128], *text;
	size_t len, i;
	long own = -1;
	int found = 0;

	if (own_port != NULL) {
		snprintf(path, sizeof(path), "/sys/class/net/%s/brport/port_no", own_port);
		if (file_read_all(path, &text, NULL, NULL) == 0) {
			own = strtol(text, NULL, 16);
			free(text);
		}
	}
	snprintf(path, sizeof(path), "/sys/class/net/%s/brforward", bridge);
	if (file_read_all(path, &text, &len, NULL) == -1)
		return 0;
	for (i = 0; i + sizeof(struct fdb) <= len && !found; i += sizeof(struct fdb)) {
		const struct fdb *f = (const struct fdb *)(const void *)(text + i);
		long port = f->port_no | (f->port_hi << 8);
		found = memcmp(f->mac, mac, 6) == 0 && !f->is_local && port != own;
	}
	free(text);
	return found;
}
