/*
 * session.c: one connection hpvmmigrated accepted, in its own process (root) with the
 * connection's unprivileged child (tunnel.c). The first message decides what it is: "hello"
 * begins a migration's conversation, handled by target.c; "stream" joins a data stream to
 * the socket its token names, and the child relays it until it ends. Whatever happens, a
 * conversation that ends without a commit leaves nothing behind (target_finish).
 */
#include <sys/wait.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/monlog.h"
#include "base/sock.h"
#include "migrate/journal.h"
#include "migrate/privsep.h"
#include "migrate/proto.h"
#include "migrate/session.h"
#include "migrate/target.h"
#include "migrate/tunnel.h"
#include "migrate/wire.h"

static void
session_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Said on stderr (the daemon's log, the journal under systemd) and in command.log. */
static void
session_log(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "hpvmmigrated: %s\n", line);
	cmdlog_note("hpvmmigrated: %s", line);
}

static json_object *
session_answer(int ok, const struct hpvm_err *e, json_object *fields)
{
	json_object *a = fields != NULL ? fields : json_object_new_object();

	json_object_object_add(a, "ok", json_object_new_boolean(ok));
	if (!ok) {
		json_object *all = json_object_new_array();
		for (int i = 0; i < e->n; i++)
			if (e->msg[i].sev == HPVM_ERROR)
				json_object_array_add(all, json_object_new_string(e->msg[i].text));
		json_object_object_add(a, "error", json_object_new_string(hpvm_err_first(e)));
		json_object_object_add(a, "errors", all);
	}
	return a;
}

/* A data stream: join it to the socket its token names, then let the child relay it. */
static int
session_stream(struct tunnel *t, json_object *req)
{
	struct hpvm_err e = { 0 };
	const char *token;
	char path[HPVM_PATH_LEN];
	json_object *a;
	int fd = -1, status;

	if (wire_str(req, "token", PROTO_TOKEN_LEN, &token, &e) == 0 &&
	    proto_token_path(token, path, sizeof(path), &e) == 0)
		fd = sock_connect_unix(path, &e);
	if (fd >= 0)
		sock_grow(fd, PROTO_STREAM_BUF);
	if (fd == -1) {
		hpvm_err_clear(&e);
		hpvm_fail(&e, ENOENT, "No migration here is waiting for that stream.");
		a = session_answer(0, &e, NULL);
		tunnel_send(t, a, NULL);
		json_object_put(a);
		return -1;
	}
	a = session_answer(1, &e, NULL);
	tunnel_relay(t, fd, a, NULL);
	json_object_put(a);
	/* The stream lasts as long as it lasts: the relay ends with it, or with a dead link. */
	close(t->sock);
	t->sock = -1;
	waitpid(t->pid, &status, 0);
	t->pid = 0;
	return 0;
}

/* A migration's conversation, request by request, until the source closes or falls silent. */
static int
session_control(struct tunnel *t, json_object *req, const struct proto_conf *conf)
{
	struct hpvm_err e = { 0 };
	struct arrival tg;
	const char *op = NULL;
	int rc = 0;

	target_init(&tg, getpid(), t->peer);
	if (journal_begin(tg.session, &e) == -1) {
		session_log("%s", hpvm_err_first(&e));
		return -1;
	}
	json_object_get(req);
	while (req != NULL) {
		json_object *a = json_object_new_object();
		hpvm_err_clear(&e);
		if (wire_str(req, "op", 16, &op, NULL) == 0 && strcmp(op, "ping") == 0) {
			json_object_put(a);
		} else {
			int ok = target_handle(&tg, req, a, &e) == 0;
			if (!ok)
				session_log("%s %s: %s", t->peer, op != NULL ? op : "?", hpvm_err_first(&e));
			a = session_answer(ok, &e, a);
			rc = tunnel_send(t, a, &e);
			json_object_put(a);
		}
		json_object_put(req);
		req = NULL;
		if (rc == -1 || tg.committed || tunnel_recv(t, &req, conf->timeout_s * 1000, &e) == -1)
			break;
	}
	if (!tg.committed && (tg.defined || tg.put_path[0] != '\0'))
		session_log("migration of '%s' from %s did not complete (%s); nothing of it is left here.",
		    tg.g.name, t->peer, hpvm_nerrors(&e) ? hpvm_err_first(&e) : "aborted");
	else if (tg.committed)
		session_log("guest '%s' migrated here from %s (%s).", tg.g.name, t->peer, tg.summary);
	target_finish(&tg);
	return rc;
}

/* Serve one accepted connection from `addr`; returns when it is over. */
int
session_run(SSL_CTX *ctx, int fd, const char *addr, const struct privsep *ps,
    const struct proto_conf *conf)
{
	struct hpvm_err e = { 0 };
	struct tunnel t;
	json_object *req = NULL;
	const char *op;
	int rc = -1;

	if (tunnel_open(ctx, TLS_SERVER, fd, addr, ps, conf->timeout_s * 1000, &t, &e) == -1) {
		session_log("refused a connection from %s: %s", addr, hpvm_err_first(&e));
		monlog_write("hpvmmigrated: refused a connection from %s: %s", addr, hpvm_err_first(&e));
		return -1;
	}
	snprintf(t.peer, sizeof(t.peer), "%s", t.cn[0] ? t.cn : addr);
	if (tunnel_recv(&t, &req, conf->timeout_s * 1000, &e) == -1 ||
	    wire_str(req, "op", 16, &op, &e) == -1) {
		session_log("%s: %s", t.peer, hpvm_err_first(&e));
	} else if (strcmp(op, "stream") == 0)
		rc = session_stream(&t, req);
	else if (strcmp(op, "hello") == 0)
		rc = session_control(&t, req, conf);
	else
		session_log("%s began with '%s'; not a migration peer.", t.peer, op);
	json_object_put(req);
	tunnel_close(&t);
	return rc;
}
