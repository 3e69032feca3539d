/* netlink.h: the kernel's links through libnl-3: bridges, taps, ports, addresses and routes. */
#ifndef HPVM_NETLINK_H
#define HPVM_NETLINK_H

#include <stdint.h>

struct hpvm_err;

int	nl_link_exists(const char *);
int	nl_link_is_up(const char *);
int	nl_link_set_up(const char *, int, struct hpvm_err *);
int	nl_link_delete(const char *, struct hpvm_err *);
int	nl_link_mac(const char *, uint8_t[6]);
int	nl_link_master_set(const char *, const char *, struct hpvm_err *);
int	nl_bridge_create(const char *, struct hpvm_err *);
int	nl_tap_create(const char *, struct hpvm_err *);
int	nl_move_addresses(const char *, const char *, struct hpvm_err *);
int	nl_first_ipv4(const char *, char *, unsigned long);
int	bridge_fdb_has(const char *, const uint8_t[6], const char *);

#endif
