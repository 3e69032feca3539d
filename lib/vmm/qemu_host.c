/*
 * qemu_host.c: look at this host once, and open for a guest's QEMU everything it may use, so
 * the argument vector is built from data alone and QEMU itself opens nothing of the host's.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/monlog.h"
#include "base/path.h"
#include "base/sock.h"
#include "model/guest.h"
#include "net/guest_nic.h"
#include "net/netlink.h"
#include "store/devdb.h"
#include "store/devdb_guest.h"
#include "store/vswitch_config.h"
#include "vmm/firmware.h"
#include "vmm/qemu_host.h"
#include "vmm/runtime.h"

/* Sockets QEMU serves: root and the hpvm group connect to them, nobody else. */
#define QEMU_SOCK_MODE	0660

static void
describe_device(const struct guest *g, const struct device *d, struct devdb *db,
    struct qemu_dev_host *dh)
{
	struct vswitch vs;
	struct stat st;

	dh->fd = dh->fd_ro = dh->vhost_fd = -1;
	if (d->type == DEV_NETWORK) {
		guest_nic_tap(g, d, dh->tap, sizeof(dh->tap));
		dh->ovs = vswitch_config_load(d->location, &vs, NULL) == 0 && vs.ovs;
	} else {
		dh->blockdev = d->backing != BK_NULL && stat(d->location, &st) == 0 &&
		    S_ISBLK(st.st_mode);
		dh->shared = db != NULL && devdb_guest_sharable(db, d);
	}
}

/* What the guest will get, before anything is opened: names, kinds, fast paths. */
int
qemu_host_describe(const struct guest *g, const char *accel, struct qemu_host *h,
    struct hpvm_err *e)
{
	const char *q = getenv("HPVM_QEMU");
	struct devdb db;
	size_t i;
	int havedb;

	memset(h, 0, sizeof(*h));
	h->console_sock = h->console_peer = h->qmp_sock = h->qmp_app_sock = h->qmp_mon_sock = -1;
	h->nvram = h->nvram_ro = h->kernel = h->initrd = -1;
	snprintf(h->binary, sizeof(h->binary), "%s", q != NULL && *q != '\0' ? q : "qemu-system-x86_64");
	snprintf(h->accel, sizeof(h->accel), "%s", accel);
	gethostname(h->hostname, sizeof(h->hostname) - 1);
	h->ovmf_code = FIRMWARE_OVMF_CODE;
	h->vhost_net = access("/dev/vhost-net", R_OK | W_OK) == 0;
	if (g->ndevs > 0 && (h->devs = calloc(g->ndevs, sizeof(*h->devs))) == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	h->ndevs = g->ndevs;
	havedb = devdb_load(&db, NULL) == 0;
	for (i = 0; i < g->ndevs; i++)
		describe_device(g, &g->devs[i], havedb ? &db : NULL, &h->devs[i]);
	if (havedb)
		devdb_free(&db);
	return 0;
}

static int
open_file(const char *path, int flags, struct hpvm_err *e)
{
	int fd = open(path, flags | O_CLOEXEC, 0640), saved = errno;

	if (fd == -1) {
		monlog_write("Unable to open device %s: %s", path, strerror(saved));
		return hpvm_fail(e, saved, "Unable to open %s: %s", path, strerror(saved));
	}
	return fd;
}

/*
 * A DVD's media. A drive without a disc (ENOMEDIUM) or an empty image is a device error the
 * host's monitor log records, as HP's does ("DVD ... may be empty").
 */
static int
open_media(const char *path, int *fd, struct hpvm_err *e)
{
	struct stat st;

	if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		int saved = errno;
		if (saved == ENOMEDIUM)
			monlog_write("DVD %s may be empty: %s", path, strerror(saved));
		else
			monlog_write("Unable to open device %s: %s", path, strerror(saved));
		return hpvm_fail(e, saved, "Unable to open %s: %s", path, strerror(saved));
	}
	if (fstat(*fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0)
		monlog_write("DVD %s may be empty: the image has no data", path);
	return 0;
}

/*
 * A storage device's backing store: media read-only; a disk read-write, with a read-only
 * descriptor beside it because QEMU reopens images read-only at times. Null placeholders
 * have none. Hot-plug opens the same way.
 */
int
qemu_host_open_storage(const struct device *d, int *fd, int *fd_ro, struct hpvm_err *e)
{
	*fd = *fd_ro = -1;
	if (d->backing == BK_NULL)
		return 0;
	if (d->type == DEV_DVD)
		return open_media(d->location, fd, e);
	if ((*fd = open_file(d->location, O_RDWR, e)) == -1)
		return -1;
	if ((*fd_ro = open_file(d->location, O_RDONLY, e)) == -1) {
		close(*fd);
		*fd = -1;
		return -1;
	}
	return 0;
}

static int
open_device(const struct device *d, struct qemu_dev_host *dh, const struct qemu_host *h,
    struct hpvm_err *e)
{
	if (d->type != DEV_NETWORK)
		return qemu_host_open_storage(d, &dh->fd, &dh->fd_ro, e);
	if ((dh->fd = netlink_tap_open(dh->tap, dh->ovs ? TAP_PLAIN : TAP_OFFLOAD, e)) == -1)
		return -1;
	if (d->adapter == AD_AVIO_LAN && h->vhost_net)
		dh->vhost_fd = open("/dev/vhost-net", O_RDWR | O_CLOEXEC);
	return 0;
}

/*
 * The monitors' listening sockets, and the serial console's socket pair: QEMU writes the
 * guest's output to one end, and hpvmapp shares the other among everyone attached.
 */
static int
open_sockets(const struct guest *g, struct qemu_host *h, struct hpvm_err *e)
{
	static const enum rt_file which[] = { RT_QMP, RT_QMP_APP, RT_QMP_MON };
	int *fd[] = { &h->qmp_sock, &h->qmp_app_sock, &h->qmp_mon_sock }, pair[2];
	char path[HPVM_PATH_LEN];
	size_t i;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == -1)
		return hpvm_fail(e, errno, "socketpair: %s", strerror(errno));
	h->console_sock = pair[0];
	h->console_peer = pair[1];
	for (i = 0; i < sizeof(which) / sizeof(which[0]); i++)
		if (runtime_path(g->uuid, which[i], path, sizeof(path), e) == -1 ||
		    (*fd[i] = sock_listen_unix(path, QEMU_SOCK_MODE, e)) == -1)
			return -1;
	return 0;
}

/* Open everything the guest uses; on failure nothing stays open. */
int
qemu_host_open(const struct guest *g, struct qemu_host *h, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN];
	size_t i;

	if (open_sockets(g, h, e) == -1)
		goto fail;
	/* QEMU opens the NVRAM read-only before it opens it to write: it gets one of each. */
	if (g->uefi && (firmware_nvram_path(g->uuid, path, sizeof(path), e) == -1 ||
	    (h->nvram = open_file(path, O_RDWR, e)) == -1 ||
	    (h->nvram_ro = open_file(path, O_RDONLY, e)) == -1))
		goto fail;
	if (g->boot_kernel[0] != '\0' && (h->kernel = open_file(g->boot_kernel, O_RDONLY, e)) == -1)
		goto fail;
	if (g->boot_initrd[0] != '\0' && (h->initrd = open_file(g->boot_initrd, O_RDONLY, e)) == -1)
		goto fail;
	for (i = 0; i < g->ndevs; i++)
		if (open_device(&g->devs[i], &h->devs[i], h, e) == -1)
			goto fail;
	return 0;
fail:
	qemu_host_close(h);
	return -1;
}

/* Every descriptor QEMU must inherit, into `fds`; how many. */
size_t
qemu_host_fds(const struct qemu_host *h, int *fds, size_t max)
{
	const int one[] = { h->console_sock, h->qmp_sock, h->qmp_app_sock, h->qmp_mon_sock, h->nvram,
	    h->nvram_ro, h->kernel, h->initrd };
	size_t i, n = 0;

	for (i = 0; i < sizeof(one) / sizeof(one[0]) && n < max; i++)
		if (one[i] >= 0)
			fds[n++] = one[i];
	for (i = 0; i < h->ndevs; i++) {
		const int dev[] = { h->devs[i].fd, h->devs[i].fd_ro, h->devs[i].vhost_fd };
		for (size_t k = 0; k < sizeof(dev) / sizeof(dev[0]) && n < max; k++)
			if (dev[k] >= 0)
				fds[n++] = dev[k];
	}
	return n;
}

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void
qemu_host_close(struct qemu_host *h)
{
	size_t i;

	close_fd(&h->console_sock);
	close_fd(&h->console_peer);
	close_fd(&h->qmp_sock);
	close_fd(&h->qmp_mon_sock);
	close_fd(&h->qmp_app_sock);
	close_fd(&h->nvram);
	close_fd(&h->nvram_ro);
	close_fd(&h->kernel);
	close_fd(&h->initrd);
	for (i = 0; i < h->ndevs; i++) {
		close_fd(&h->devs[i].fd);
		close_fd(&h->devs[i].fd_ro);
		close_fd(&h->devs[i].vhost_fd);
	}
}

void
qemu_host_free(struct qemu_host *h)
{
	qemu_host_close(h);
	free(h->devs);
	h->devs = NULL;
	h->ndevs = 0;
}
