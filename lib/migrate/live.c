/*
 * live.c: an online migration, driven through the source QEMU's monitor. The target starts
 * the guest paused and waiting. Disks that only this host has are mirrored first, into NBD
 * exports on the target (the guest's writes go to both from then on); then the memory
 * moves; QEMU pauses before the switch so the mirrors can finish in step with it; the target
 * resumes the guest only at the commit. QEMU speaks to unix sockets; hpvmmigrated's relays
 * carry the streams over TLS. Any failure cancels here and leaves the guest running here.
 */
#include <sys/socket.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "migrate/live.h"
#include "migrate/progress.h"
#include "migrate/outgoing.h"
#include "migrate/wire.h"
#include "vmm/qmp.h"
#include "vmm/runtime.h"

/* How often the source QEMU is asked how the migration goes. */
#define LIVE_POLL_US	100000

struct live {
	struct outgoing	*s;
	struct qmp	 q;
	int		 lock;
	int		 nmirrors;
	char		 mirror[OUTGOING_DISKS][40];	/* the drives being mirrored */
	int		 started;			/* QEMU's migration began */
	long		 started_ms;			/* when, by our clock */
	char		 status[32];			/* the outgoing migration's, from its events */
	long long	 last_done;
	long		 last_move_ms;
};

/*
 * The outgoing migration's state, from QEMU's MIGRATION events: query-migrate's "status" is
 * no use on a QEMU that once received a guest, where the incoming side's "completed" stands
 * for ever in its place.
 */
static void
live_event(json_object *ev, void *arg)
{
	struct live *l = arg;
	json_object *name, *data, *st;

	if (json_object_object_get_ex(ev, "event", &name) &&
	    strcmp(json_object_get_string(name), "MIGRATION") == 0 &&
	    json_object_object_get_ex(ev, "data", &data) && json_object_object_get_ex(data, "status", &st))
		snprintf(l->status, sizeof(l->status), "%s", json_object_get_string(st));
}

/* Events that came while nobody asked anything. */
static void
live_drain(struct live *l)
{
	json_object *m;

	while (qmp_read(&l->q, &m, 0) == 1) {
		live_event(m, l);
		json_object_put(m);
	}
}

static json_object *
live_args(const char *k1, json_object *v1, const char *k2, json_object *v2)
{
	json_object *a = json_object_new_object();

	json_object_object_add(a, k1, v1);
	if (k2 != NULL)
		json_object_object_add(a, k2, v2);
	return a;
}

static int
live_qmp(struct live *l, const char *cmd, json_object *args, json_object **ret, struct hpvm_err *e)
{
	return qmp_execute(&l->q, cmd, args, ret, e);
}

/* A stream to the target for `token`, given to QEMU under `fdname`. */
static int
live_stream_fd(struct live *l, const char *token, const char *fdname, struct hpvm_err *e)
{
	int fd, rc;

	if ((fd = outgoing_stream(l->s, token, e)) == -1)
		return -1;
	rc = qmp_execute_fd(&l->q, "getfd", live_args("fdname", json_object_new_string(fdname), NULL,
	    NULL), fd, NULL, e);
	close(fd);
	return rc;
}

/* One disk into the target's NBD export of the same drive. */
static int
live_mirror_start(struct live *l, const char *token, const char *drv, struct hpvm_err *e)
{
	char fdname[64], node[64];
	json_object *server, *args;

	snprintf(fdname, sizeof(fdname), "nbd-%s", drv);
	snprintf(node, sizeof(node), "mig-%s", drv);
	if (live_stream_fd(l, token, fdname, e) == -1)
		return -1;
	server = live_args("type", json_object_new_string("fd"), "str", json_object_new_string(fdname));
	args = live_args("driver", json_object_new_string("nbd"), "node-name", json_object_new_string(node));
	json_object_object_add(args, "server", server);
	json_object_object_add(args, "export", json_object_new_string(drv));
	if (live_qmp(l, "blockdev-add", args, NULL, e) == -1)
		return -1;
	args = live_args("job-id", json_object_new_string(node), "device", json_object_new_string(drv));
	json_object_object_add(args, "target", json_object_new_string(node));
	json_object_object_add(args, "sync", json_object_new_string("full"));
	/* Writes reach both disks before the guest sees them done: the mirror cannot fall behind. */
	json_object_object_add(args, "copy-mode", json_object_new_string("write-blocking"));
	if (live_qmp(l, "blockdev-mirror", args, NULL, e) == -1)
		return -1;
	snprintf(l->mirror[l->nmirrors++], sizeof(l->mirror[0]), "%s", drv);
	return 0;
}

/* How far the mirrors are: bytes done and in all, and whether every one is ready. */
static int
live_mirror_state(struct live *l, long long *done, long long *total, int *ready, struct hpvm_err *e)
{
	json_object *jobs, *v;
	size_t i;

	*done = *total = 0;
	*ready = 1;
	if (live_qmp(l, "query-block-jobs", NULL, &jobs, e) == -1)
		return -1;
	for (i = 0; i < json_object_array_length(jobs); i++) {
		json_object *j = json_object_array_get_idx(jobs, i);
		if (json_object_object_get_ex(j, "offset", &v))
			*done += json_object_get_int64(v);
		if (json_object_object_get_ex(j, "len", &v))
			*total += json_object_get_int64(v);
		if (!json_object_object_get_ex(j, "ready", &v) || !json_object_get_boolean(v))
			*ready = 0;
	}
	if ((int)json_object_array_length(jobs) < l->nmirrors)
		hpvm_fail(e, EIO, "A disk mirror to the target stopped.");
	json_object_put(jobs);
	return hpvm_nerrors(e) > 0 ? -1 : 0;
}

/* Progress, or the time since there was any, for a link that has died without a word. */
static int
live_moving(struct live *l, long long done, struct hpvm_err *e)
{
	long now = clock_ms();

	if (done != l->last_done || l->last_move_ms == 0) {
		l->last_done = done;
		l->last_move_ms = now;
		return 0;
	}
	if (now - l->last_move_ms > l->s->conf.timeout_s * 1000L)
		return hpvm_fail(e, ETIMEDOUT, "The migration failed: the connection to %s is down "
		    "(nothing moved for %d seconds).", l->s->host, l->s->conf.timeout_s);
	return 0;
}

static int
live_mirrors(struct live *l, json_object *reply, struct hpvm_err *e)
{
	struct progress p;
	const char *token;
	long long done, total;
	int ready = 0;
	size_t i;

	for (i = 0; i < l->s->ndisks; i++)
		if (l->s->disks[i].copy)
			break;
	if (i == l->s->ndisks)
		return 0;
	if (wire_str(reply, "nbd", PROTO_TOKEN_LEN, &token, e) == -1)
		return -1;
	for (i = 0; i < l->s->ndisks; i++)
		if (l->s->disks[i].copy && live_mirror_start(l, token, l->s->disks[i].drv, e) == -1)
			return -1;
	progress_start(&p, l->s->progress);
	while (!ready) {
		if (live_mirror_state(l, &done, &total, &ready, e) == -1 || live_moving(l, done, e) == -1)
			return -1;
		progress_draw(&p, "disks", done, total,
		    done / 1e6 / ((clock_ms() - p.started_ms + 1) / 1000.0), -1);
		outgoing_ping(l->s);
		usleep(LIVE_POLL_US);
	}
	progress_end(&p);
	l->last_move_ms = 0;
	return 0;
}

/* At the switch: the mirrors finish (in sync, the guest paused), then QEMU goes on. */
static int
live_switchover(struct live *l, struct hpvm_err *e)
{
	long long done, total;
	int ready, i, waited;
	json_object *jobs;

	for (i = 0; i < l->nmirrors; i++) {
		char node[64];
		snprintf(node, sizeof(node), "mig-%s", l->mirror[i]);
		if (live_mirror_state(l, &done, &total, &ready, e) == -1 ||
		    live_qmp(l, "block-job-cancel", live_args("device", json_object_new_string(node), NULL,
		    NULL), NULL, e) == -1)
			return -1;
	}
	for (waited = 0; l->nmirrors > 0; waited++) {
		if (live_qmp(l, "query-block-jobs", NULL, &jobs, e) == -1)
			return -1;
		i = (int)json_object_array_length(jobs);
		json_object_put(jobs);
		if (i == 0)
			break;
		if (waited > l->s->conf.timeout_s * 100)
			return hpvm_fail(e, ETIMEDOUT, "The disk mirrors did not finish.");
		usleep(10000);
	}
	l->nmirrors = 0;
	return live_qmp(l, "migrate-continue", live_args("state", json_object_new_string("pre-switchover"),
	    NULL, NULL), NULL, e);
}

/* QEMU here says only that its stream broke; the target says whether it is still there. */
static void
live_failed(struct live *l, const char *qemu, struct hpvm_err *e)
{
	json_object *req = json_object_new_object(), *reply = NULL;
	struct hpvm_err te = { 0 };
	const char *guest = "";

	json_object_object_add(req, "op", json_object_new_string("status"));
	if (tunnel_request(&l->s->ctl, req, &reply, 3000, &te) == -1)
		hpvm_fail(e, EIO, "The migration failed: the connection to %s is down (QEMU: %s).",
		    l->s->host, qemu);
	else if (wire_str(reply, "guest", 16, &guest, NULL) == 0 && strcmp(guest, "gone") == 0)
		hpvm_fail(e, EIO, "The migration failed: the guest's QEMU on %s ended (QEMU: %s).",
		    l->s->r->there, qemu);
	else
		hpvm_fail(e, EIO, "The migration failed: %s", qemu);
	json_object_put(req);
	json_object_put(reply);
}

static void
live_keepalive(void *arg)
{
	struct live *l = arg;

	outgoing_ping(l->s);
}

static long long
live_num(json_object *o, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_int64(v) : 0;
}

/* One look at QEMU's migration: its status, drawn as progress; the numbers when it completes. */
static int
live_poll(struct live *l, struct progress *p, char *status, size_t len, struct hpvm_err *e)
{
	json_object *m, *ram = NULL, *err;
	long long total, remaining, done;

	if (live_qmp(l, "query-migrate", NULL, &m, e) == -1)
		return -1;
	live_drain(l);
	/* An event read after this answer may say more than the answer: wait for one that agrees. */
	snprintf(status, len, "%s", strcmp(l->status, "completed") == 0 &&
	    !json_object_object_get_ex(m, "downtime", &err) ? "active" : l->status);
	json_object_object_get_ex(m, "ram", &ram);
	total = live_num(ram, "total");
	remaining = live_num(ram, "remaining");
	done = live_num(ram, "transferred");
	if (strcmp(status, "completed") == 0) {
		l->s->r->total_ms = live_num(m, "total-time");
		/* A QEMU that once received a guest may answer with its arrival's zero: our clock then. */
		if (l->s->r->total_ms <= 0)
			l->s->r->total_ms = clock_ms() - l->started_ms;
		l->s->r->downtime_ms = live_num(m, "downtime");
		l->s->r->transferred = done;
	} else if (strcmp(status, "failed") == 0)
		live_failed(l, json_object_object_get_ex(m, "error-desc", &err) ?
		    json_object_get_string(err) : "it did not say why", e);
	else if (strcmp(status, "cancelled") == 0)
		hpvm_fail(e, ECANCELED, "The migration was cancelled.");
	else {
		progress_draw(p, "memory", total - remaining, total, live_num(ram, "mbps") / 8.0,
		    live_num(ram, "dirty-pages-rate") * live_num(ram, "page-size") / 1000000);
		live_moving(l, done, e);
	}
	json_object_put(m);
	return hpvm_nerrors(e) > 0 ? -1 : 0;
}

static int
live_tune(struct live *l, struct hpvm_err *e)
{
	json_object *caps = json_object_new_array(), *c, *args;
	long long bw = l->s->conf.bandwidth_mb > 0 ? l->s->conf.bandwidth_mb * 1000000LL :
	    10LL * 1024 * 1024 * 1024;	/* QEMU's default, 128 MB/s, is slower than any link */

	c = live_args("capability", json_object_new_string("pause-before-switchover"), "state",
	    json_object_new_boolean(l->nmirrors > 0));
	json_object_array_add(caps, c);
	c = live_args("capability", json_object_new_string("events"), "state", json_object_new_boolean(1));
	json_object_array_add(caps, c);
	if (live_qmp(l, "migrate-set-capabilities", live_args("capabilities", caps, NULL, NULL), NULL,
	    e) == -1)
		return -1;
	args = live_args("max-bandwidth", json_object_new_int64(bw), "downtime-limit",
	    json_object_new_int64(l->s->conf.downtime_ms));
	return live_qmp(l, "migrate-set-parameters", args, NULL, e);
}

static int
live_memory(struct live *l, json_object *reply, struct hpvm_err *e)
{
	json_object *req, *ok = NULL;
	struct progress p;
	const char *token;
	char status[32] = "";

	if (wire_str(reply, "memory", PROTO_TOKEN_LEN, &token, e) == -1 || live_tune(l, e) == -1 ||
	    live_stream_fd(l, token, "migout", e) == -1)
		return -1;
	req = json_object_new_object();
	json_object_object_add(req, "op", json_object_new_string("memory"));
	if (outgoing_request(l->s, req, &ok, e) == -1)
		return -1;
	json_object_put(ok);
	l->started_ms = clock_ms();
	if (live_qmp(l, "migrate", live_args("uri", json_object_new_string("fd:migout"), NULL, NULL),
	    NULL, e) == -1)
		return -1;
	l->started = 1;
	progress_start(&p, l->s->progress);
	while (strcmp(status, "completed") != 0) {
		if (live_poll(l, &p, status, sizeof(status), e) == -1)
			break;
		if (strcmp(status, "pre-switchover") == 0 && live_switchover(l, e) == -1)
			break;
		outgoing_ping(l->s);
		usleep(LIVE_POLL_US);
	}
	progress_end(&p);
	return hpvm_nerrors(e) > 0 ? -1 : 0;
}

/* After a failure: the migration and the mirrors cancelled, the guest running here as before. */
static void
live_undo(struct live *l)
{
	json_object *st;
	char node[64];
	int i;

	if (l->started)
		live_qmp(l, "migrate_cancel", NULL, NULL, NULL);
	for (i = 0; i < l->nmirrors; i++) {
		snprintf(node, sizeof(node), "mig-%s", l->mirror[i]);
		json_object *a = live_args("device", json_object_new_string(node), "force",
		    json_object_new_boolean(1));
		live_qmp(l, "block-job-cancel", a, NULL, NULL);
	}
	for (i = 0; i < 50; i++) {
		json_object *jobs;
		if (live_qmp(l, "query-block-jobs", NULL, &jobs, NULL) == -1)
			break;
		int n = (int)json_object_array_length(jobs);
		json_object_put(jobs);
		if (n == 0)
			break;
		usleep(100000);
	}
	for (i = 0; i < l->nmirrors; i++) {
		snprintf(node, sizeof(node), "mig-%s", l->mirror[i]);
		live_qmp(l, "blockdev-del", live_args("node-name", json_object_new_string(node), NULL, NULL),
		    NULL, NULL);
	}
	/* A guest paused for the switch resumes; one paused by its owner stays paused. */
	if (live_qmp(l, "query-status", NULL, &st, NULL) == 0) {
		json_object *s;
		if (json_object_object_get_ex(st, "status", &s) &&
		    (strcmp(json_object_get_string(s), "postmigrate") == 0 ||
		    strcmp(json_object_get_string(s), "finish-migrate") == 0 ||
		    strcmp(json_object_get_string(s), "pre-switchover") == 0))
			live_qmp(l, "cont", NULL, NULL, NULL);
		json_object_put(st);
	}
}

static int
live_open(struct live *l, struct hpvm_err *e)
{
	char sock[HPVM_PATH_LEN];

	l->q.fd = -1;
	if ((l->lock = lock_guest(l->s->g.uuid, LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if (!runtime_is_running(l->s->g.uuid))
		return hpvm_fail(e, ESRCH, "The guest stopped.");
	if (runtime_path(l->s->g.uuid, RT_QMP, sock, sizeof(sock), e) == -1 ||
	    qmp_connect(&l->q, sock, 5000, e) == -1)
		return -1;
	l->q.on_event = live_event;
	l->q.event_arg = l;
	/* A QEMU slow to answer (TCG under load) must not keep the target from hearing from us. */
	l->q.on_wait = live_keepalive;
	l->q.wait_arg = l;
	snprintf(l->status, sizeof(l->status), "none");
	return 0;
}

int
live_move(struct outgoing *s, struct hpvm_err *e)
{
	static struct live l;
	json_object *req, *reply = NULL;
	int rc;

	memset(&l, 0, sizeof(l));
	l.s = s;
	l.lock = -1;
	if (live_open(&l, e) == -1) {
		rc = -1;
		goto out;
	}
	req = json_object_new_object();
	json_object_object_add(req, "op", json_object_new_string("incoming"));
	/* The target starts the guest's QEMU first: that may take as long as a start (HPVM_START_WAIT). */
	rc = tunnel_request(&s->ctl, req, &reply, (s->conf.timeout_s + 60) * 1000, e);
	json_object_put(req);
	rc = rc == 0 && live_mirrors(&l, reply, e) == 0 &&
	    live_memory(&l, reply, e) == 0 && outgoing_commit(s, e) == 0 ? 0 : -1;
	if (rc == -1)
		live_undo(&l);
out:
	json_object_put(reply);
	if (l.q.fd >= 0)
		qmp_close(&l.q);
	if (l.lock >= 0)
		lock_release(l.lock);
	return rc;
}
