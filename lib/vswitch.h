/* vswitch.h: virtual switches: their configuration, their backend (Linux bridge or Open vSwitch), guest ports. */
#ifndef HPVM_VSWITCH_H
#define HPVM_VSWITCH_H

#include <stddef.h>
#include <stdint.h>

struct device;
struct guest;
struct hpvm_err;

#define VSWITCH_PORTS		512
#define VLAN_NONE		-1
#define LOCALNET		"localnet"

struct vswitch {
	char	name[16];
	int	number;
	int	ovs;				/* backend: 0 Linux bridge, 1 Open vSwitch */
	char	uplink[16];			/* host NIC ("PPA"), or empty */
	int	boot;				/* booted: up now and at host start */
	int	vlan[VSWITCH_PORTS];		/* untagged VLAN per port, VLAN_NONE if none */
};

/* A guest NIC on a vswitch port while the guest runs. */
struct vswitch_port {
	int	port;
	char	guest[65];
	char	tap[16];
	char	adapter[16];
	uint8_t	mac[6];
};

/* vswitch.c: configuration */
int	vswitch_load(const char *, struct vswitch *, struct hpvm_err *);
int	vswitch_save(const struct vswitch *, struct hpvm_err *);
int	vswitch_remove_config(const char *, struct hpvm_err *);
int	vswitch_exists(const char *);
int	vswitch_names(char ***, size_t *, struct hpvm_err *);
void	vswitch_names_free(char **, size_t);
void	vswitch_bridge(const struct vswitch *, char *, size_t);
int	vswitch_next_number(void);
struct _xmlNode *vswitch_xml_node(const struct vswitch *);

/* vswitch_backend.c: the switch itself */
int	vswitch_is_up(const struct vswitch *);
int	vswitch_boot(struct vswitch *, struct hpvm_err *);
int	vswitch_halt(struct vswitch *, struct hpvm_err *);
int	vswitch_port_attach(const struct vswitch *, const char *, int, struct hpvm_err *);
int	vswitch_set_vlan(struct vswitch *, int, int, struct hpvm_err *);

/* vswitch_ports.c: guests' ports */
int	vswitch_ports_active(const char *, struct vswitch_port *, int);
int	vswitch_users(const char *, int, const char *, char *, size_t);
int	vswitch_port_reservations(const char *, const char *, int[VSWITCH_PORTS]);
int	guest_ports_plug(const struct guest *, struct hpvm_err *);
void	guest_ports_unplug(const char *);
int	guest_port_plug_one(const struct guest *, const struct device *, struct hpvm_err *);
void	guest_port_unplug_one(const struct guest *, const struct device *);
int	guest_port_tap(const struct guest *, const struct device *, char *, size_t);

#endif
