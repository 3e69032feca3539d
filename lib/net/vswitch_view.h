/* vswitch_view.h: a vswitch as hpvmnet shows it: configuration, live state, ports, counters, gathered at once. */
#ifndef HPVM_VSWITCH_VIEW_H
#define HPVM_VSWITCH_VIEW_H

#include "net/port_registry.h"
#include "store/vswitch_config.h"

struct hpvm_err;

enum vswitch_counter { VC_TX_BYTES, VC_TX_PACKETS, VC_TX_DROPPED, VC_RX_BYTES, VC_RX_PACKETS,
	VC_MULTICAST, VC_RX_DROPPED, VC_COUNT };

struct vswitch_view {
	struct vswitch		vs;
	int			up;
	char			uplink_mac[32];		/* 0x..., or N/A */
	char			ip[64];			/* the host's address on it, or N/A */
	struct vswitch_port	active[VSWITCH_PORTS];	/* running guests' ports */
	int			nactive;
	int			reserved[VSWITCH_PORTS];	/* guests configured on each port */
};

/* One port in detail (hpvmnet -S sw -p N -A). */
struct vswitch_port_view {
	int				 port;
	const struct vswitch_port	*active;		/* NULL when no guest runs on it */
	char				 reserved_by[256];	/* guests configured on it */
	unsigned long long		 counter[VC_COUNT];	/* since the last -z */
};

int	vswitch_view_load(const char *name, struct vswitch_view *v, struct hpvm_err *e);
int	vswitch_view_of(const struct vswitch *vs, struct vswitch_view *v, struct hpvm_err *e);
int	vswitch_view_port(const struct vswitch_view *v, int port, struct vswitch_port_view *pv,
	    struct hpvm_err *e);
int	vswitch_view_counters_clear(const struct vswitch *vs, struct hpvm_err *e);
int	vswitch_view_link_counter(const char *tap, const char *name, unsigned long long *v);

#endif
