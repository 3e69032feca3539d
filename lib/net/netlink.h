/* netlink.h: the kernel's links through libnl-3: bridges, taps, ports, addresses and routes. */
#ifndef HPVM_NETLINK_H
#define HPVM_NETLINK_H

#include <stddef.h>
#include <stdint.h>

struct hpvm_err;

enum link_state { LINK_DOWN, LINK_UP };
enum tap_offload { TAP_PLAIN, TAP_OFFLOAD };

int	netlink_link_exists(const char *name);
int	netlink_link_is_up(const char *name);
int	netlink_link_set_up(const char *name, enum link_state state, struct hpvm_err *e);
int	netlink_link_delete(const char *name, struct hpvm_err *e);
int	netlink_link_mac(const char *name, uint8_t mac[6]);
int	netlink_link_master_set(const char *port, const char *bridge, struct hpvm_err *e);
int	netlink_bridge_create(const char *name, struct hpvm_err *e);
int	netlink_tap_create(const char *name, struct hpvm_err *e);
int	netlink_tap_open(const char *name, enum tap_offload offload, struct hpvm_err *e);
int	netlink_move_addresses(const char *from, const char *to, struct hpvm_err *e);
int	netlink_first_ipv4(const char *name, char *buf, size_t len);
int	netlink_fdb_has(const char *bridge, const uint8_t mac[6], const char *own_port);

#endif
