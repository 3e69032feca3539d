/* qemu_host.h: what this host gives a guest's QEMU: binary, accelerator, and every file and socket as a descriptor. */
#ifndef HPVM_QEMU_HOST_H
#define HPVM_QEMU_HOST_H

#include <stddef.h>

struct device;
struct guest;
struct hpvm_err;

/* One guest device on this host, parallel to guest.devs. Descriptors are -1 until opened. */
struct qemu_dev_host {
	char	tap[16];		/* NIC: its tap */
	int	ovs;			/* NIC: on an Open vSwitch port (no tap offloads) */
	int	blockdev;		/* storage: a block device (host_device, cache=none, aio=native) */
	int	shared;			/* storage: SHARE=YES, other guests may write it at once */
	int	fd;			/* storage: the backing store (read-only for media); NIC: the tap */
	int	fd_ro;			/* storage opened writable: a read-only one too, for QEMU's reopens */
	int	vhost_fd;		/* NIC: /dev/vhost-net, or -1 */
};

/*
 * QEMU opens nothing of the host's by name but its own binary, firmware and BIOS: hpvmapp
 * (root) opens the rest and QEMU, running as an unprivileged user, gets descriptors.
 */
struct qemu_host {
	char			 binary[256];
	char			 accel[8];		/* kvm or tcg */
	char			 hostname[256];
	const char		*ovmf_code;
	int			 vhost_net;		/* /dev/vhost-net can be used */
	int			 console_sock;		/* QEMU's end of the serial console's pair */
	int			 console_peer;		/* hpvmapp's end, for the console multiplexer */
	int			 qmp_sock;		/* listening sockets QEMU serves: for commands */
	int			 qmp_app_sock;		/* the supervisor's, for events */
	int			 qmp_mon_sock;		/* monitoring's: hpvmsar, hpvmsnmpd, hpvmcollect */
	int			 nvram, nvram_ro;	/* UEFI: the guest's own NVRAM */
	int			 kernel, initrd;	/* direct kernel boot */
	int			 incoming;		/* waits, paused, for a migration stream */
	struct qemu_dev_host	*devs;
	size_t			 ndevs;
};

int	qemu_host_describe(const struct guest *g, const char *accel, struct qemu_host *h,
	    struct hpvm_err *e);
int	qemu_host_open(const struct guest *g, struct qemu_host *h, struct hpvm_err *e);
size_t	qemu_host_fds(const struct qemu_host *h, int *fds, size_t max);
void	qemu_host_close(struct qemu_host *h);
void	qemu_host_free(struct qemu_host *h);
int	qemu_host_open_storage(const struct device *d, int *fd, int *fd_ro, struct hpvm_err *e);

#endif
