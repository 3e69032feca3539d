/*
 * outgoing.c: the source's connection to the target: requests and their answers on the
 * control connection, a keepalive while QEMU works, and a new connection per data stream,
 * each spoken by an unprivileged child (tunnel.c) that relays the stream once accepted.
 */
#include <sys/socket.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/hpvm_err.h"
#include "base/sock.h"
#include "migrate/outgoing.h"
#include "migrate/tls.h"
#include "migrate/tunnel.h"
#include "migrate/wire.h"

/* A fresh connection to the target's hpvmmigrated, spoken by an unprivileged child. */
int
outgoing_dial(struct outgoing *s, struct tunnel *t, struct hpvm_err *e)
{
	int fd;

	if ((fd = tls_tcp_connect(s->host, s->port, s->conf.timeout_s * 1000, e)) == -1)
		return -1;
	tls_socket_tune(fd, s->conf.timeout_s);
	return tunnel_open(s->ctx, TLS_CLIENT, fd, s->host, &s->ps, s->conf.timeout_s * 1000, t, e);
}

int
outgoing_request(struct outgoing *s, json_object *req, json_object **reply, struct hpvm_err *e)
{
	int rc = tunnel_request(&s->ctl, req, reply, s->conf.timeout_s * 1000, e);

	json_object_put(req);
	return rc;
}

/* While this side waits on QEMU, the target hears that it is still here. */
void
outgoing_ping(struct outgoing *s)
{
	static time_t last;
	json_object *m;

	if (time(NULL) - last < 5)
		return;
	last = time(NULL);
	m = json_object_new_object();
	json_object_object_add(m, "op", json_object_new_string("ping"));
	tunnel_send(&s->ctl, m, NULL);
	json_object_put(m);
}

/*
 * A data stream for `token`: a new connection whose child, once the target accepts the
 * token, relays between it and a local socket. Returns that socket's other end.
 */
int
outgoing_stream(struct outgoing *s, const char *token, struct hpvm_err *e)
{
	struct tunnel *t;
	json_object *req, *reply = NULL;
	int sv[2];

	if (s->nstreams == OUTGOING_STREAMS)
		return hpvm_fail(e, ENOSPC, "Too many data streams.");
	t = &s->streams[s->nstreams];
	if (outgoing_dial(s, t, e) == -1)
		return -1;
	s->nstreams++;
	req = json_object_new_object();
	json_object_object_add(req, "op", json_object_new_string("stream"));
	json_object_object_add(req, "token", json_object_new_string(token));
	if (tunnel_request(t, req, &reply, s->conf.timeout_s * 1000, e) == -1) {
		json_object_put(req);
		json_object_put(reply);
		return -1;
	}
	json_object_put(req);
	json_object_put(reply);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
		return hpvm_fail(e, errno, "socketpair: %s", strerror(errno));
	sock_grow(sv[0], PROTO_STREAM_BUF);
	sock_grow(sv[1], PROTO_STREAM_BUF);
	if (tunnel_relay(t, sv[1], NULL, e) == -1) {
		close(sv[0]);
		return -1;
	}
	return sv[0];
}

json_object *
outgoing_op(const char *op)
{
	json_object *m = json_object_new_object();

	json_object_object_add(m, "op", json_object_new_string(op));
	return m;
}

/* The target takes the guest over; after this the move cannot be undone. */
int
outgoing_commit(struct outgoing *s, struct hpvm_err *e)
{
	json_object *req = outgoing_op("commit"), *reply;
	const char *why;

	json_object_object_add(req, "boot", json_object_new_boolean(s->o->boot));
	/* The move's numbers, for the target's records: offline, the time so far; no downtime. */
	if (!s->o->online)
		s->r->total_ms = clock_ms() - s->started_ms;
	json_object_object_add(req, "total_ms", json_object_new_int64(s->r->total_ms));
	json_object_object_add(req, "downtime_ms", json_object_new_int64(s->o->online ?
	    s->r->downtime_ms : -1));
	if (outgoing_request(s, req, &reply, e) == -1)
		return -1;
	if (wire_str(reply, "boot_error", HPVM_MSG_LEN - 1, &why, NULL) == 0)
		snprintf(s->r->boot_error, sizeof(s->r->boot_error), "%s", why);
	json_object_put(reply);
	return 0;
}
