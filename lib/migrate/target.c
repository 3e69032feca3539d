/*
 * target.c: the receiving side of a migration, one session's requests, run as root by
 * hpvmmigrated's session parent after its unprivileged child has parsed them. Every field
 * is checked again here; a request that does not fit the session's state is refused.
 * Everything the session changes is journalled first (journal.c) and undone unless the
 * source commits: the source's guest is the truth until then.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/file.h"
#include "base/hpvm_err.h"
#include "migrate/check.h"
#include "migrate/incoming.h"
#include "migrate/journal.h"
#include "migrate/proto.h"
#include "migrate/receive.h"
#include "migrate/request.h"
#include "migrate/target.h"
#include "migrate/wire.h"
#include "model/guest.h"
#include "model/guest_index.h"
#include "ops/guest_define.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"
#include "store/guest_xml.h"
#include "vmm/guest_log.h"
#include "vmm/guest_power.h"
#include "vmm/runtime.h"
#include "vmm/start_check.h"

void
target_init(struct arrival *t, pid_t session, const char *peer)
{
	memset(t, 0, sizeof(*t));
	proto_conf_load(&t->conf);
	t->session = session;
	snprintf(t->peer, sizeof(t->peer), "%s", peer);
	if (gethostname(t->host, sizeof(t->host) - 1) == -1)
		snprintf(t->host, sizeof(t->host), "localhost");
	guest_init(&t->g);
	guest_init(&t->old);
	t->qmp.fd = -1;
	t->mem_listen = t->nbd_listen = -1;
}

static int
target_hello(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e)
{
	char was[sizeof(t->peer)];
	const char *host;
	int64_t version;

	if (wire_int(req, "version", 0, 1 << 20, &version, e) == -1 ||
	    wire_str(req, "host", 255, &host, e) == -1)
		return -1;
	/* The name it gives itself, then the one its certificate proves. */
	snprintf(was, sizeof(was), "%s", t->peer);
	snprintf(t->peer, sizeof(t->peer), "%.100s (%.150s)", host, was);
	if (version != PROTO_VERSION)
		return hpvm_fail(e, EPROTO, "This host speaks migration protocol %d, the source %lld; "
		    "update hpvm on both.", PROTO_VERSION, (long long)version);
	json_object_object_add(reply, "host", json_object_new_string(t->host));
	json_object_object_add(reply, "version", json_object_new_int(PROTO_VERSION));
	return 0;
}

static void
target_problems(const struct check_list *l, json_object *reply)
{
	json_object *list = json_object_new_array();
	int i;

	for (i = 0; i < l->n; i++) {
		json_object *p = json_object_new_object();
		json_object_object_add(p, "kind", json_object_new_string(check_kind_name(l->kind[i])));
		json_object_object_add(p, "text", json_object_new_string(l->text[i]));
		json_object_array_add(list, p);
	}
	json_object_object_add(reply, "problems", list);
}

/* The guest as the source sent it; checked here, kept for the steps that follow. */
static int
target_check(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e)
{
	struct hpvm_err re = { 0 };
	struct check_list l;
	struct check_ask ask;
	int r;

	if (t->have_guest)
		return hpvm_fail(e, EPROTO, "The guest was checked already in this session.");
	if (request_check_decode(req, &t->g, &t->req, e) == -1)
		return -1;
	t->have_guest = 1;
	t->online = t->req.online;
	t->boot = t->req.boot;
	ask = (struct check_ask){ .online = t->online, .boot = t->boot, .force = t->req.force,
	    .disks = t->req.disks, .ndisks = t->req.ndisks };
	r = check_replaceable(&t->g, &t->old, &re);
	t->have_old = r == 1;
	check_incoming(&t->g, t->have_old ? &t->old : NULL, &ask, &l);
	if (r == -1 && l.n < CHECK_MAX) {
		l.kind[l.n] = CHECK_NAME;
		snprintf(l.text[l.n++], sizeof(l.text[0]), "%s", hpvm_err_first(&re));
	}
	t->checked_ok = l.n == 0;
	for (int i = 0; i < l.n; i++)
		cmdlog_note("hpvmmigrated: guest '%s' from %s refused: %s", t->g.name, t->peer, l.text[i]);
	target_problems(&l, reply);
	json_object_object_add(reply, "replace", json_object_new_boolean(t->have_old));
	return 0;
}

/* Save the copy being replaced where the journal can find it, should the move be undone. */
static int
target_save_old(struct arrival *t, struct hpvm_err *e)
{
	char dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN + 64], *xml;
	size_t len;
	int rc;

	if (!t->have_old)
		return 0;
	if (proto_run_dir(dir, sizeof(dir), e) == -1 || guest_xml_format(&t->old, &xml, &len, e) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/replaced-%ld.xml", dir, (long)t->session);
	rc = file_write_atomic(path, xml, len, 0600, e);
	free(xml);
	return rc == 0 ? journal_add(t->session, JOURNAL_REPLACED, path, e) : -1;
}

/* The source may define the guest here once, and only after the checks passed. */
static int
target_may_define(const struct arrival *t, struct hpvm_err *e)
{
	if (!t->checked_ok)
		return hpvm_fail(e, EPROTO, "The guest has not passed the checks here.");
	if (t->defined)
		return hpvm_fail(e, EPROTO, "The guest is defined already.");
	return 0;
}

/*
 * Define the guest here. Arriving running, it is runnable at once (its QEMU's claim keeps
 * anyone else from starting it); moved offline, it becomes runnable only at the commit.
 */
static int
target_define_guest(struct arrival *t, struct hpvm_err *e)
{
	if (target_may_define(t, e) == -1)
		return -1;
	t->g.runnable = t->online;
	if (target_save_old(t, e) == -1 || journal_add(t->session, JOURNAL_GUEST, t->g.uuid, e) == -1 ||
	    guest_define_migrated(&t->g, t->have_old ? &t->old : NULL, DEFINE_WRITE, e) == -1)
		return -1;
	t->defined = 1;
	guest_log(t->g.uuid, "guest '%s' arriving from %s (%s migration)", t->g.name, t->peer,
	    t->online ? "online" : "offline");
	return 0;
}

static int
target_define(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e)
{
	json_object *sums;

	if (t->online)
		return hpvm_fail(e, EPROTO, "An online migration defines the guest with 'incoming'.");
	if (wire_array(req, "digests", REQUEST_DISKS, &sums, e) == -1 ||
	    receive_verify(t, sums, e) == -1 || target_define_guest(t, e) == -1)
		return -1;
	json_object_object_add(reply, "vmnum", json_object_new_int(t->g.vmnum));
	return 0;
}

static int
target_incoming(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e)
{
	(void)req;
	if (!t->online)
		return hpvm_fail(e, EPROTO, "An offline migration defines the guest with 'define'.");
	if (target_may_define(t, e) == -1 || incoming_create_disks(t, e) == -1 ||
	    target_define_guest(t, e) == -1 || incoming_start(t, reply, e) == -1)
		return -1;
	json_object_object_add(reply, "vmnum", json_object_new_int(t->g.vmnum));
	return 0;
}

/*
 * Offline: the guest becomes runnable here (and boots if asked). Under the global lock, like
 * every change of a configuration, and the guest index follows it in the same transaction.
 */
static int
target_commit_offline(struct arrival *t, json_object *reply)
{
	struct hpvm_err be = { 0 };
	struct start_problems p;
	struct guest_index ix;
	int lk, rc;

	t->g.runnable = 1;
	if ((lk = runtime_lock_scan(&ix, NULL, NULL)) == -1)
		return -1;
	if ((rc = guest_store_save(&t->g, CONFIG_CURRENT, NULL)) == 0 &&
	    guest_scan_put(&ix, &t->g, NULL) == 0)
		guest_scan_save(&ix, NULL);
	guest_index_free(&ix);
	runtime_unlock(lk);
	if (rc == -1)
		return -1;
	if (t->boot && guest_power_on(t->g.name, GUEST_POWER_MIGRATED, &p, &be) == -1) {
		const char *why = p.n > 0 ? p.text[0] : hpvm_err_first(&be);
		json_object_object_add(reply, "boot_error", json_object_new_string(why));
	}
	return 0;
}

static int
target_commit(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e)
{
	int64_t total, down;

	if (!t->defined)
		return hpvm_fail(e, EPROTO, "Nothing to commit: the guest is not defined here.");
	if (wire_int(req, "total_ms", 0, INT32_MAX, &total, e) == -1 ||
	    wire_int(req, "downtime_ms", -1, INT32_MAX, &down, e) == -1)
		return -1;
	if ((t->online ? incoming_commit(t, e) : target_commit_offline(t, reply)) == -1)
		return hpvm_nerrors(e) > 0 ? -1 : hpvm_fail(e, EIO, "Unable to save the guest here.");
	t->committed = 1;
	journal_end(t->session);
	if (down >= 0)
		snprintf(t->summary, sizeof(t->summary), "online: total %lld ms, downtime %lld ms",
		    (long long)total, (long long)down);
	else
		snprintf(t->summary, sizeof(t->summary), "offline: total %lld ms", (long long)total);
	guest_log(t->g.uuid, "guest '%s' migrated here from %s%s (%s)", t->g.name, t->peer,
	    t->online ? " and running" : "", t->summary);
	return 0;
}

/* "status": after a failure, what the source may tell its user about this side. */
static int
target_status(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e)
{
	(void)req;
	(void)e;
	json_object_object_add(reply, "guest", json_object_new_string(!t->launched ? "none" :
	    runtime_is_running(t->g.uuid) ? "running" : "gone"));
	return 0;
}

static int
target_abort(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e)
{
	(void)req;
	(void)reply;
	(void)e;
	target_finish(t);
	return 0;
}

static const struct {
	const char	*op;
	int		(*fn)(struct arrival *, json_object *, json_object *, struct hpvm_err *);
} target_ops[] = {
	{ "hello", target_hello },
	{ "check", target_check },
	{ "put", receive_put },
	{ "putdata", receive_putdata },
	{ "define", target_define },
	{ "incoming", target_incoming },
	{ "memory", incoming_memory },
	{ "commit", target_commit },
	{ "status", target_status },
	{ "abort", target_abort },
};

/* One request: 0 and `reply` filled, or -1 and the reason. A journal is opened by the first. */
int
target_handle(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e)
{
	const char *op;
	size_t i;

	if (wire_str(req, "op", 16, &op, e) == -1)
		return -1;
	if (t->committed)
		return hpvm_fail(e, EPROTO, "The migration is committed; the session is over.");
	for (i = 0; i < sizeof(target_ops) / sizeof(target_ops[0]); i++)
		if (strcmp(op, target_ops[i].op) == 0)
			return target_ops[i].fn(t, req, reply, e);
	return hpvm_fail(e, EPROTO, "Unknown request '%s'.", op);
}

/* The session is over: without a commit, everything it did here is undone. */
void
target_finish(struct arrival *t)
{
	incoming_close(t);
	if (!t->committed)
		journal_undo(t->session);
	if (t->have_guest)
		guest_free(&t->g);
	if (t->have_old)
		guest_free(&t->old);
	t->have_guest = t->have_old = 0;
	t->defined = t->checked_ok = 0;
}
