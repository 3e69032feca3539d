/* vswitch_users.h: which guests' configurations put NICs on a vswitch, and on which ports (HP's "reserved" VMs). */
#ifndef HPVM_VSWITCH_USERS_H
#define HPVM_VSWITCH_USERS_H

#include <stddef.h>

#include "store/vswitch_config.h"

struct hpvm_err;

int	vswitch_users_list(const char *vswitch, int port, const char *skip, char *names, size_t len,
	    struct hpvm_err *e);
int	vswitch_users_ports(const char *vswitch, const char *skip, int count[VSWITCH_PORTS],
	    struct hpvm_err *e);

#endif
