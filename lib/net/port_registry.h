/* port_registry.h: which running guest's tap holds which vswitch port (/var/run/hpvm/vswitches/<sw>/<port>). */
#ifndef HPVM_PORT_REGISTRY_H
#define HPVM_PORT_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "store/vswitch_config.h"

struct hpvm_err;

/* A guest NIC on a vswitch port while the guest runs. */
struct vswitch_port {
	int	port;
	char	guest[65];
	char	tap[16];
	char	adapter[16];
	uint8_t	mac[6];
};

int	port_registry_list(const char *vswitch, struct vswitch_port *ports, int max);
int	port_registry_add(const char *vswitch, const struct vswitch_port *p, struct hpvm_err *e);
void	port_registry_remove(const char *vswitch, int port);
int	port_registry_path(const char *vswitch, const char *file, char *buf, size_t len,
	    struct hpvm_err *e);

#endif
