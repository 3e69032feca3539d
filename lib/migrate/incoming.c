/*
 * incoming.c: a live migration's target. The guest, defined here, starts under its own
 * hpvmapp as usual but with QEMU waiting (-incoming defer -S); its disks that exist only on
 * the source are created empty and exported over NBD for the source to mirror into; the
 * memory stream is handed to QEMU as a descriptor. QEMU never touches the network or a key:
 * both streams reach it as unix sockets from hpvmmigrated's relays. Only the commit resumes
 * the guest, so it never runs on two hosts at once.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "migrate/check.h"
#include "migrate/arrival.h"
#include "migrate/incoming.h"
#include "migrate/journal.h"
#include "migrate/stream.h"
#include "model/guest.h"
#include "vmm/guest_power.h"
#include "vmm/qemu_dev.h"
#include "vmm/qmp.h"
#include "vmm/runtime.h"
#include "vmm/start_check.h"

/* An empty disk of the source's size for the mirror to fill; journalled before it exists. */
static int
incoming_create_disk(struct arrival *t, const struct check_disk *cd, struct hpvm_err *e)
{
	int fd;

	if (check_copy_path(cd->path, e) == -1 || journal_add(t->session, JOURNAL_FILE, cd->path, e) == -1)
		return -1;
	if ((fd = open(cd->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)) == -1)
		return hpvm_fail(e, errno, "Unable to create %s: %s", cd->path, strerror(errno));
	if (ftruncate(fd, (off_t)cd->info.size) == -1) {
		int saved = errno;
		close(fd);
		return hpvm_fail(e, saved, "Unable to size %s: %s", cd->path, strerror(saved));
	}
	close(fd);
	return 0;
}

/* The guest's QEMU, paused and waiting; its problems (HP's start check) refuse it. */
static int
incoming_launch(struct arrival *t, struct hpvm_err *e)
{
	struct start_problems p = { 0 };
	struct guest g;
	char sock[HPVM_PATH_LEN];
	int claim, rc;

	guest_init(&g);
	if ((claim = guest_power_reserve(t->g.name, GUEST_POWER_MIGRATED, &g, &p, e)) == -1) {
		for (int i = 0; i < p.n; i++)
			hpvm_fail(e, EBUSY, "%s", p.text[i]);
		guest_free(&g);
		return -1;
	}
	rc = guest_power_launch(&g, claim, GUEST_LAUNCH_INCOMING, e);
	guest_free(&g);
	if (rc == -1)
		return -1;
	t->launched = 1;
	if (runtime_path(t->g.uuid, RT_QMP, sock, sizeof(sock), e) == -1)
		return -1;
	return qmp_connect(&t->qmp, sock, 5000, e);
}

/* One of QEMU's commands; `args` is taken. */
static int
incoming_qmp(struct arrival *t, const char *cmd, json_object *args, int fd, struct hpvm_err *e)
{
	return fd >= 0 ? qmp_execute_fd(&t->qmp, cmd, args, fd, NULL, e) :
	    qmp_execute(&t->qmp, cmd, args, NULL, e);
}

static json_object *
incoming_fd_args(const char *name)
{
	json_object *a = json_object_new_object();

	json_object_object_add(a, "fdname", json_object_new_string(name));
	return a;
}

/* QEMU's NBD server on a socket only the session can reach, exporting each disk to be filled. */
static int
incoming_nbd(struct arrival *t, json_object *reply, struct hpvm_err *e)
{
	char token[PROTO_TOKEN_LEN + 1], drv[40];
	json_object *addr, *data, *args, *exports = json_object_new_array();
	size_t i;

	json_object_object_add(reply, "exports", exports);
	for (i = 0; i < t->req.ndisks && !t->req.disks[i].copy; i++)
		;
	if (i == t->req.ndisks)
		return 0;
	if ((t->nbd_listen = stream_listen(token, sizeof(token), t->nbd_path, sizeof(t->nbd_path),
	    e)) == -1 || incoming_qmp(t, "getfd", incoming_fd_args("nbdlisten"), t->nbd_listen, e) == -1)
		return -1;
	addr = json_object_new_object();
	data = json_object_new_object();
	json_object_object_add(data, "str", json_object_new_string("nbdlisten"));
	json_object_object_add(addr, "type", json_object_new_string("fd"));
	json_object_object_add(addr, "data", data);
	args = json_object_new_object();
	json_object_object_add(args, "addr", addr);
	if (incoming_qmp(t, "nbd-server-start", args, -1, e) == -1)
		return -1;
	for (i = 0; i < t->g.ndevs; i++) {
		const struct device *d = &t->g.devs[i];
		json_object *x;
		size_t k;
		for (k = 0; k < t->req.ndisks; k++)
			if (t->req.disks[k].copy && d->type != DEV_NETWORK && strcmp(d->location, t->req.disks[k].path) == 0)
				break;
		if (k == t->req.ndisks)
			continue;
		qemu_dev_id(d, QEMU_ID_DRIVE, drv, sizeof(drv));
		args = json_object_new_object();
		json_object_object_add(args, "device", json_object_new_string(drv));
		json_object_object_add(args, "writable", json_object_new_boolean(1));
		if (incoming_qmp(t, "nbd-server-add", args, -1, e) == -1)
			return -1;
		x = json_object_new_object();
		json_object_object_add(x, "path", json_object_new_string(d->location));
		json_object_object_add(x, "export", json_object_new_string(drv));
		json_object_array_add(exports, x);
	}
	json_object_object_add(reply, "nbd", json_object_new_string(token));
	return 0;
}

/*
 * The empty disks the mirror fills, made before the guest is defined: its configuration, the
 * device database and the guest index then name files that exist, as for any other guest.
 */
int
incoming_create_disks(struct arrival *t, struct hpvm_err *e)
{
	size_t i;

	for (i = 0; i < t->req.ndisks; i++)
		if (t->req.disks[i].copy && incoming_create_disk(t, &t->req.disks[i], e) == -1)
			return -1;
	return 0;
}

int
incoming_start(struct arrival *t, json_object *reply, struct hpvm_err *e)
{
	char token[PROTO_TOKEN_LEN + 1];

	if (incoming_launch(t, e) == -1 || incoming_nbd(t, reply, e) == -1)
		return -1;
	if ((t->mem_listen = stream_listen(token, sizeof(token), t->mem_path, sizeof(t->mem_path),
	    e)) == -1)
		return -1;
	json_object_object_add(reply, "memory", json_object_new_string(token));
	return 0;
}

/* "memory": the source has opened the memory stream; QEMU takes it from here. */
int
incoming_memory(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e)
{
	json_object *args;
	int fd, rc;

	(void)req;
	(void)reply;
	if (!t->launched || t->mem_listen < 0)
		return hpvm_fail(e, EPROTO, "No guest is waiting for a memory stream.");
	if ((fd = stream_accept(t->mem_listen, t->conf.timeout_s, e)) == -1)
		return -1;
	stream_close(&t->mem_listen, t->mem_path);
	rc = incoming_qmp(t, "getfd", incoming_fd_args("migin"), fd, e);
	close(fd);
	if (rc == -1)
		return -1;
	args = json_object_new_object();
	json_object_object_add(args, "uri", json_object_new_string("fd:migin"));
	return incoming_qmp(t, "migrate-incoming", args, -1, e);
}

/* QEMU's own account of the incoming stream: "completed", "failed", ... */
static int
incoming_status(struct arrival *t, char *buf, size_t len, struct hpvm_err *e)
{
	json_object *ret = NULL, *st;

	if (qmp_execute(&t->qmp, "query-migrate", NULL, &ret, e) == -1)
		return -1;
	snprintf(buf, len, "%s", json_object_object_get_ex(ret, "status", &st) ?
	    json_object_get_string(st) : "none");
	json_object_put(ret);
	return 0;
}

/* The source says its side is done: once QEMU here agrees, stop exporting and run the guest. */
int
incoming_commit(struct arrival *t, struct hpvm_err *e)
{
	char status[32] = "";
	int waited;

	for (waited = 0; waited < t->conf.timeout_s * 10; waited++) {
		if (incoming_status(t, status, sizeof(status), e) == -1)
			return -1;
		if (strcmp(status, "completed") == 0 || strcmp(status, "failed") == 0)
			break;
		usleep(100000);
	}
	if (strcmp(status, "completed") != 0)
		return hpvm_fail(e, EIO, "The guest's memory did not arrive here completely (QEMU says "
		    "'%s').", status);
	if (t->nbd_listen >= 0 && incoming_qmp(t, "nbd-server-stop", NULL, -1, e) == -1)
		return -1;
	return incoming_qmp(t, "cont", NULL, -1, e);
}

void
incoming_close(struct arrival *t)
{
	if (t->qmp.fd >= 0)
		qmp_close(&t->qmp);
	stream_close(&t->mem_listen, t->mem_path);
	stream_close(&t->nbd_listen, t->nbd_path);
}
