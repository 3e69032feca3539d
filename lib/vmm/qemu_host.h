/* qemu_host.h: what this host gives a guest's QEMU: binary, accelerator, directories, taps, fast paths. */
#ifndef HPVM_QEMU_HOST_H
#define HPVM_QEMU_HOST_H

#include <stddef.h>

#include "base/path.h"

struct guest;
struct hpvm_err;

/* One guest device on this host, parallel to guest.devs. */
struct qemu_dev_host {
	char	tap[16];		/* NIC: its tap */
	int	ovs;			/* NIC: on an Open vSwitch port (no tap offloads) */
	int	blockdev;		/* storage: backed by a block device (cache=none, aio=native) */
};

struct qemu_host {
	char			 binary[256];
	char			 accel[8];			/* kvm or tcg */
	char			 console_sock[HPVM_PATH_LEN];
	char			 console_log[HPVM_PATH_LEN];	/* kept with the configuration */
	char			 qmp_sock[HPVM_PATH_LEN];	/* for commands */
	char			 qmp_app_sock[HPVM_PATH_LEN];	/* the supervisor's, for events */
	char			 nvram[HPVM_PATH_LEN];
	char			 hostname[256];
	const char		*ovmf_code;
	int			 vhost_net;			/* /dev/vhost-net can be used */
	struct qemu_dev_host	*devs;
	size_t			 ndevs;
};

int	qemu_host_describe(const struct guest *g, const char *accel, struct qemu_host *h,
	    struct hpvm_err *e);
void	qemu_host_free(struct qemu_host *h);

#endif
