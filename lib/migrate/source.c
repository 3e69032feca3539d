/*
 * source.c: hpvmmigrate's work. Here: the guest, its shared devices, its state. There, over
 * the site's TLS: the target's checks (all problems at once, nothing changed), then the
 * move (offline: send.c; online: live.c), then the commit. Only after the target has the
 * guest does this host let go: the configuration stays, not runnable, as HP leaves it, or
 * goes with -D. Until the commit, any failure leaves the guest here as it was and the target
 * undoes its side (its session's journal).
 */
#include <sys/socket.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "migrate/check.h"
#include "migrate/disk.h"
#include "migrate/live.h"
#include "migrate/privsep.h"
#include "migrate/proto.h"
#include "migrate/send.h"
#include "migrate/source.h"
#include "migrate/tls.h"
#include "migrate/tunnel.h"
#include "migrate/wire.h"
#include "model/cluster_mark.h"
#include "model/guest.h"
#include "model/guest_change.h"
#include "ops/guest_modify.h"
#include "ops/guest_remove.h"
#include "store/devdb.h"
#include "store/guest_store.h"
#include "store/guest_xml.h"
#include "vmm/guest_log.h"
#include "vmm/guest_power.h"
#include "vmm/qemu_dev.h"
#include "vmm/runtime.h"

/* "host" or "host:port" (an IPv6 address in brackets). */
static int
source_target(struct outgoing *s, const char *target, struct hpvm_err *e)
{
	const char *colon = strrchr(target, ':'), *close = strchr(target, ']');
	long port = s->conf.port;
	size_t n = strlen(target);
	char *end;

	if (target[0] == '[' && close != NULL) {
		n = (size_t)(close - target - 1);
		target++;
		colon = close[1] == ':' ? close + 1 : NULL;
	} else if (colon != NULL && strchr(target, ':') == colon)
		n = (size_t)(colon - target);
	else
		colon = NULL;
	if (colon != NULL && ((port = strtol(colon + 1, &end, 10)) < 1 || port > 65535 || *end))
		return hpvm_fail(e, EINVAL, "'%s' is not a port.", colon + 1);
	if (n == 0 || n >= sizeof(s->host))
		return hpvm_fail(e, EINVAL, "'%s' is not a host.", target);
	memcpy(s->host, target, n);
	s->host[n] = '\0';
	s->port = (int)port;
	return 0;
}

/* A shared device (SHARE=YES) is used by guests on more than one host at a time: HP refuses it. */
static int
source_shared(struct outgoing *s, struct hpvm_err *e)
{
	struct devdb db;
	size_t i;
	int rc = 0;

	if (devdb_load(&db, e) == -1)
		return -1;
	for (i = 0; i < s->g.ndevs; i++) {
		const struct device *d = &s->g.devs[i];
		struct devdb_ent *ent;
		if (d->type == DEV_NETWORK || d->backing == BK_NULL ||
		    (d->type == DEV_DVD && d->backing == BK_FILE))
			continue;	/* an ISO image is read by all and written by none */
		if ((ent = devdb_find(&db, d->location)) != NULL && devdb_attr_is(ent, "SHARE", "YES"))
			rc = hpvm_fail(e, EBUSY, "Device %s is shared.  Guest with shared storage devices "
			    "cannot be migrated.", d->location);
	}
	devdb_free(&db);
	return rc;
}

/* What must hold here before anything is asked of the target. */
static int
source_precheck(struct outgoing *s, struct hpvm_err *e)
{
	const struct outgoing_opts *o = s->o;
	int running;

	if (guest_store_load(o->name, &s->g, e) == -1)
		return -1;
	runtime_reap_stale(s->g.uuid);
	running = runtime_is_running(s->g.uuid);
	if (!s->g.runnable)
		return hpvm_fail(e, EPERM, "The guest is not runnable here (runnable_status is "
		    "disabled); it may have been migrated away already.");
	if (!o->force && cluster_mark_refuse(&s->g, CLUSTER_ACT_MIGRATE, e) == -1)
		return -1;
	if (o->online && !running)
		return hpvm_fail(e, ESRCH, "The guest is not running; an online migration (-o) moves a "
		    "running guest. Leave out -o to move it offline.");
	if (!o->online && running && !o->stop_first && !o->check_only)
		return hpvm_fail(e, EBUSY, "The guest is running; use -o to migrate it online, or -d to "
		    "stop it and migrate it offline.");
	if (guest_store_has_slot(s->g.uuid, CONFIG_NEXT))
		hpvm_warn(e, "Pending configuration changes (for the next start) stay here; the guest "
		    "moves as it is configured now.");
	return source_shared(s, e);
}

/* The guest as it leaves: changed by the options, each storage resource paired with its path there. */
static int
source_outgoing(struct outgoing *s, struct hpvm_err *e)
{
	size_t i;

	if (s->o->change.dev.nadd > 0 || s->o->change.dev.ndel > 0)
		return hpvm_fail(e, EINVAL, "Devices are not added or deleted on the way; -m maps one.");
	guest_init(&s->out);
	if (guest_copy(&s->out, &s->g) == -1)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	if (guest_change_apply(&s->out, &s->o->change, e) == -1)
		return -1;
	for (i = 0; i < s->out.ndevs; i++) {
		const struct device *d = &s->out.devs[i];
		struct outgoing_disk *sd = &s->disks[s->ndisks];
		if (d->type == DEV_NETWORK || d->backing == BK_NULL)
			continue;
		if (s->ndisks == OUTGOING_DISKS)
			return hpvm_fail(e, ENOSPC, "The guest has more storage than a migration carries.");
		snprintf(sd->src, sizeof(sd->src), "%s", s->g.devs[i].location);
		snprintf(sd->dst, sizeof(sd->dst), "%s", d->location);
		qemu_dev_id(d, QEMU_ID_DRIVE, sd->drv, sizeof(sd->drv));
		disk_describe(sd->src, &sd->info);
		sd->copy = s->o->copy && d->backing == BK_FILE && d->type == DEV_DISK;
		if (!sd->info.exists)
			return hpvm_fail(e, ENOENT, "Device %s does not exist here.", sd->src);
		s->ndisks++;
	}
	return 0;
}






static int
source_hello(struct outgoing *s, struct hpvm_err *e)
{
	json_object *req = outgoing_op("hello"), *reply;
	const char *there;
	char me[256] = "";

	gethostname(me, sizeof(me) - 1);
	json_object_object_add(req, "version", json_object_new_int(PROTO_VERSION));
	json_object_object_add(req, "host", json_object_new_string(me));
	if (outgoing_request(s, req, &reply, e) == -1)
		return -1;
	if (wire_str(reply, "host", sizeof(s->r->there) - 1, &there, e) == 0)
		snprintf(s->r->there, sizeof(s->r->there), "%s", there);
	json_object_put(reply);
	return hpvm_nerrors(e) > 0 ? -1 : 0;
}

static json_object *
source_disks_json(const struct outgoing *s)
{
	json_object *list = json_object_new_array();
	size_t i;

	for (i = 0; i < s->ndisks; i++) {
		const struct outgoing_disk *sd = &s->disks[i];
		json_object *o = json_object_new_object();
		json_object_object_add(o, "path", json_object_new_string(sd->dst));
		json_object_object_add(o, "size", json_object_new_int64(sd->info.size));
		json_object_object_add(o, "wwid", json_object_new_string(sd->info.wwid));
		json_object_object_add(o, "block", json_object_new_boolean(sd->info.block));
		json_object_object_add(o, "copy", json_object_new_boolean(sd->copy));
		json_object_array_add(list, o);
	}
	return list;
}

/* The target's problems, each by kind; the command prints them with HP's summary lines. */
static int
source_problems(struct outgoing *s, json_object *reply, struct hpvm_err *e)
{
	struct check_list *l = &s->r->problems;
	json_object *list;
	size_t i;

	if (wire_array(reply, "problems", CHECK_MAX, &list, e) == -1)
		return -1;
	for (i = 0; i < json_object_array_length(list); i++) {
		json_object *p = json_object_array_get_idx(list, i);
		const char *kind, *text;
		if (!json_object_is_type(p, json_type_object) || wire_str(p, "kind", 16, &kind, e) == -1 ||
		    wire_str(p, "text", HPVM_MSG_LEN - 1, &text, e) == -1 ||
		    check_kind_parse(kind, &l->kind[l->n]) == -1)
			return hpvm_fail(e, EPROTO, "The target's answer to the checks is malformed.");
		snprintf(l->text[l->n++], sizeof(l->text[0]), "%s", text);
	}
	return 0;
}

static int
source_check(struct outgoing *s, struct hpvm_err *e)
{
	json_object *req = outgoing_op("check"), *reply;
	char *xml;
	size_t len;
	int rc;

	if (guest_xml_format(&s->out, &xml, &len, e) == -1) {
		json_object_put(req);
		return -1;
	}
	json_object_object_add(req, "guest", json_object_new_string_len(xml, (int)len));
	free(xml);
	json_object_object_add(req, "online", json_object_new_boolean(s->o->online));
	json_object_object_add(req, "boot", json_object_new_boolean(s->o->boot));
	json_object_object_add(req, "force", json_object_new_boolean(s->o->force));
	json_object_object_add(req, "disks", source_disks_json(s));
	if (outgoing_request(s, req, &reply, e) == -1)
		return -1;
	rc = source_problems(s, reply, e);
	json_object_put(reply);
	if (rc == 0 && s->r->problems.n > 0)
		rc = hpvm_fail(e, EINVAL, "The target refused the guest.");
	return rc;
}


static int
source_not_runnable(struct guest *g, const void *arg, struct hpvm_err *e)
{
	(void)arg;
	(void)e;
	g->runnable = 0;
	return 0;
}

/* The guest is there now: here it stays, not runnable, as HP leaves it; or goes with -D. */
static void
source_let_go(struct outgoing *s)
{
	struct hpvm_err e = { 0 };

	guest_log(s->g.uuid, "guest '%s' migrated to %s (%s: total %ld ms, downtime %ld ms)%s",
	    s->g.name, s->r->there, s->o->online ? "online" : "offline", s->r->total_ms,
	    s->o->online ? s->r->downtime_ms : s->r->total_ms, s->o->remove ? "; configuration removed here" :
	    s->g.cluster[0] != '\0' ? "; runnable here still (cluster package)" :
	    "; not runnable here now");
	if (s->o->online)
		guest_power_off(s->g.name, GUEST_POWER_HARD, 15, NULL);
	/* A cluster package's guest stays runnable: the cluster may start it here again. */
	if (s->o->remove)
		guest_remove(s->g.name, &e);
	else if (s->g.cluster[0] == '\0')
		guest_modify(s->g.name, source_not_runnable, NULL, DEFINE_WRITE, &e);
}

static int
source_setup(struct outgoing *s, struct hpvm_err *e)
{
	char ssl[HPVM_PATH_LEN];

	proto_conf_load(&s->conf);
	s->ctl.sock = -1;
	/* A connection's child that ends shows as an error from its socket, not as a signal. */
	signal(SIGPIPE, SIG_IGN);
	guest_init(&s->g);
	guest_init(&s->out);
	if (source_target(s, s->o->target, e) == -1 || source_precheck(s, e) == -1 ||
	    source_outgoing(s, e) == -1)
		return -1;
	if (privsep_prepare(&s->ps, e) == -1 || path_build(ssl, sizeof(ssl), e, HPVM_SSL_DIR) == -1 ||
	    (s->ctx = tls_context(ssl, TLS_CLIENT, e)) == NULL)
		return -1;
	return outgoing_dial(s, &s->ctl, e);
}

static int
source_move(struct outgoing *s, struct hpvm_err *e)
{
	int rc;

	s->started_ms = clock_ms();
	if (!s->o->online && runtime_is_running(s->g.uuid) &&
	    guest_power_off(s->g.name, GUEST_POWER_GRACEFUL, 120, e) == -1)
		return -1;
	/* Online, the commit is made while the source QEMU can still resume if it fails. */
	rc = s->o->online ? live_move(s, e) : send_move(s, e) == 0 ? outgoing_commit(s, e) : -1;
	return rc;
}

/* Tell the target to undo (it would anyway when the connection closes), and close everything. */
static void
source_close(struct outgoing *s, int failed)
{
	json_object *reply = NULL;

	if (failed && s->ctl.sock >= 0) {
		json_object *req = outgoing_op("abort");
		tunnel_request(&s->ctl, req, &reply, 5000, NULL);
		json_object_put(req);
		json_object_put(reply);
	}
	tunnel_close(&s->ctl);
	for (int i = 0; i < s->nstreams; i++)
		tunnel_close(&s->streams[i]);
	if (s->ctx != NULL)
		SSL_CTX_free(s->ctx);
	guest_free(&s->g);
	guest_free(&s->out);
}

int
source_migrate(const struct outgoing_opts *o, struct outgoing_result *r, struct hpvm_err *e)
{
	static struct outgoing s;
	int rc;

	memset(&s, 0, sizeof(s));
	memset(r, 0, sizeof(*r));
	s.o = o;
	s.r = r;
	s.progress = !o->quiet && isatty(STDERR_FILENO);
	rc = source_setup(&s, e) == 0 && source_hello(&s, e) == 0 && source_check(&s, e) == 0 ? 0 : -1;
	if (rc == 0 && !o->check_only && (rc = source_move(&s, e)) == 0)
		source_let_go(&s);
	else if (rc == -1 && s.g.uuid[0] != '\0' && !o->check_only)
		guest_log(s.g.uuid, "migration to %s failed, the guest stays here: %s", o->target,
		    hpvm_nerrors(e) > 0 ? e->msg[e->n - 1].text : "refused");
	source_close(&s, rc == -1);
	return rc;
}
