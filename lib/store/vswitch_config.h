/* vswitch_config.h: virtual switch configurations under /var/opt/hpvm/vswitches/<name>; localnet always exists. */
#ifndef HPVM_VSWITCH_CONFIG_H
#define HPVM_VSWITCH_CONFIG_H

#include <stddef.h>

#include <libxml/tree.h>

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

void		vswitch_config_init(struct vswitch *vs, const char *name);
int		vswitch_config_load(const char *name, struct vswitch *vs, struct hpvm_err *e);
int		vswitch_config_save(const struct vswitch *vs, struct hpvm_err *e);
int		vswitch_config_remove(const char *name, struct hpvm_err *e);
int		vswitch_config_exists(const char *name);
int		vswitch_config_names(char ***out, size_t *n, struct hpvm_err *e);
void		vswitch_config_names_free(char **names, size_t n);
void		vswitch_config_bridge(const struct vswitch *vs, char *buf, size_t len);
int		vswitch_config_next_number(void);
xmlNodePtr	vswitch_config_xml_node(const struct vswitch *vs);

#endif
