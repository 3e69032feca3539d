/*
 * tunnel.c: a connection to another host, split as OpenBSD splits its daemons. The child
 * gives up root (privsep_enter) before the TLS handshake, then carries messages: each one the
 * peer sends is framed, bounded and parsed as JSON there, and reaches the parent in an
 * envelope ({"from":"peer","msg":...}); the parent's go out the same way. When the parent
 * hands it a descriptor, the child becomes a relay for a data stream (relay.c) until it ends.
 * The parent, root, never touches a byte from the network that the child has not parsed.
 */
#include <sys/socket.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "migrate/chan.h"
#include "migrate/privsep.h"
#include "migrate/relay.h"
#include "migrate/tls.h"
#include "migrate/tunnel.h"
#include "migrate/wire.h"

/* How long one message may take to arrive once it has begun. */
#define TUNNEL_MESSAGE_MS	30000

/* Tell the parent why the connection ended, then end. */
static void __attribute__((noreturn))
tunnel_child_exit(int sock, struct hpvm_err *e, int status)
{
	json_object *m = json_object_new_object();

	json_object_object_add(m, "from", json_object_new_string("tunnel"));
	json_object_object_add(m, "error", json_object_new_string(hpvm_nerrors(e) > 0 ?
	    e->msg[e->n - 1].text : "The connection ended."));
	chan_send(sock, m, -1, NULL);
	json_object_put(m);
	_exit(status);
}

static int
tunnel_child_ready(int sock, struct tls_conn *c, struct hpvm_err *e)
{
	json_object *m = json_object_new_object();
	char cn[128];
	int rc;

	tls_peer_name(c, cn, sizeof(cn));
	json_object_object_add(m, "from", json_object_new_string("tunnel"));
	json_object_object_add(m, "ready", json_object_new_string(cn));
	rc = chan_send(sock, m, -1, e);
	json_object_put(m);
	return rc;
}

/*
 * A message from the parent: for the peer, or (with a descriptor) the start of a relay. After
 * asking for a stream, the child reads the peer's one answer and then nothing more until the
 * relay begins: the stream's first bytes (an NBD server speaks first) are not messages.
 */
static int
tunnel_child_from_parent(int sock, struct tls_conn *c, int *stream_asked, struct hpvm_err *e)
{
	json_object *m, *v = NULL, *op;
	int fd, rc = -1;

	if (chan_recv(sock, &m, &fd, -1, e) == -1)
		return -1;
	if (json_object_object_get_ex(m, "msg", &v) && json_object_is_type(v, json_type_object)) {
		rc = wire_send(c, v, TUNNEL_MESSAGE_MS, e);
		if (json_object_object_get_ex(v, "op", &op) &&
		    strcmp(json_object_get_string(op), "stream") == 0)
			*stream_asked = 1;
	}
	if (fd >= 0) {
		/* A relay's last word to the peer goes first, then only the stream follows. */
		if (rc == 0 || v == NULL)
			rc = relay_run(c, fd);
		close(fd);
		_exit(rc == 0 ? 0 : 1);
	}
	json_object_put(m);
	return rc;
}

static int
tunnel_child_from_peer(int sock, struct tls_conn *c, struct hpvm_err *e)
{
	json_object *m, *env;
	int rc;

	if (wire_recv(c, &m, TUNNEL_MESSAGE_MS, e) == -1)
		return -1;
	env = json_object_new_object();
	json_object_object_add(env, "from", json_object_new_string("peer"));
	json_object_object_add(env, "msg", m);
	rc = chan_send(sock, env, -1, e);
	json_object_put(env);
	return rc;
}

static void __attribute__((noreturn))
tunnel_child(SSL_CTX *ctx, enum tls_role role, int netfd, int sock, const char *peer,
    const struct privsep *ps, int timeout_ms)
{
	struct hpvm_err e = { 0 };
	struct tls_conn c;
	int stream_asked = 0, peer_paused = 0;

	signal(SIGPIPE, SIG_IGN);
	if (privsep_enter(ps, &e) == -1)
		tunnel_child_exit(sock, &e, 1);
	if ((role == TLS_SERVER ? tls_accept(ctx, netfd, peer, timeout_ms, &c, &e) :
	    tls_client(ctx, netfd, peer, timeout_ms, &c, &e)) == -1 || tunnel_child_ready(sock, &c, &e) == -1)
		tunnel_child_exit(sock, &e, 1);
	for (;;) {
		struct pollfd p[2] = { { .fd = sock, .events = POLLIN }, { .fd = c.fd, .events = POLLIN } };
		int peer_ready = !peer_paused && SSL_pending(c.ssl) > 0;
		if (!peer_ready && poll(p, peer_paused ? 1 : 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if ((p[0].revents & (POLLIN | POLLHUP)) &&
		    tunnel_child_from_parent(sock, &c, &stream_asked, &e) == -1)
			break;
		if (peer_paused || !(peer_ready || (p[1].revents & (POLLIN | POLLHUP | POLLERR))))
			continue;
		if (tunnel_child_from_peer(sock, &c, &e) == -1)
			break;
		peer_paused = stream_asked;
	}
	tls_close(&c);
	tunnel_child_exit(sock, &e, 0);
}

/* In the child: keep only the connection, the socket to the parent and stderr. */
static void
tunnel_child_fds(int *netfd, int *sock)
{
	int n = fcntl(*netfd, F_DUPFD, 10), s = fcntl(*sock, F_DUPFD, 10);

	dup2(n, 3);
	dup2(s, 4);
	close_range(5, ~0U, 0);
	*netfd = 3;
	*sock = 4;
}

/*
 * Start the child for `netfd` (accepted, or connected by the caller) and wait, within
 * `timeout_ms`, for its handshake with `peer`. The connection is the child's from here on.
 */
int
tunnel_open(SSL_CTX *ctx, enum tls_role role, int netfd, const char *peer, const struct privsep *ps,
    int timeout_ms, struct tunnel *t, struct hpvm_err *e)
{
	int sv[2];
	json_object *m;

	memset(t, 0, sizeof(*t));
	t->sock = -1;
	snprintf(t->peer, sizeof(t->peer), "%s", peer);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		close(netfd);
		return hpvm_fail(e, errno, "socketpair: %s", strerror(errno));
	}
	fflush(NULL);
	if ((t->pid = fork()) == -1) {
		int saved = errno;
		close(sv[0]);
		close(sv[1]);
		close(netfd);
		return hpvm_fail(e, saved, "fork: %s", strerror(saved));
	}
	if (t->pid == 0) {
		close(sv[0]);
		tunnel_child_fds(&netfd, &sv[1]);
		tunnel_child(ctx, role, netfd, sv[1], peer, ps, timeout_ms);
	}
	close(sv[1]);
	close(netfd);
	t->sock = sv[0];
	/* The first word is the handshake's outcome. */
	if (tunnel_recv(t, &m, timeout_ms + 1000, e) == -1) {
		tunnel_close(t);
		return -1;
	}
	json_object_put(m);
	return 0;
}

/* Unwrap the child's envelope: the peer's message, or the child's own news. */
static int
tunnel_unwrap(struct tunnel *t, json_object *env, json_object **msg, struct hpvm_err *e)
{
	const char *from, *text;
	json_object *m;

	*msg = NULL;
	if (wire_str(env, "from", 16, &from, e) == -1)
		return -1;
	if (strcmp(from, "peer") == 0 && json_object_object_get_ex(env, "msg", &m) &&
	    json_object_is_type(m, json_type_object)) {
		*msg = json_object_get(m);
		return 0;
	}
	if (strcmp(from, "tunnel") == 0 && wire_str(env, "ready", sizeof(t->cn) - 1, &text, NULL) == 0) {
		snprintf(t->cn, sizeof(t->cn), "%s", text);
		*msg = json_object_new_object();
		return 0;
	}
	if (strcmp(from, "tunnel") == 0 && wire_str(env, "error", HPVM_MSG_LEN, &text, NULL) == 0)
		return hpvm_fail(e, ECONNRESET, "%s", text);
	return hpvm_fail(e, EPROTO, "The connection to %s sent something unexpected.", t->peer);
}

int
tunnel_recv(struct tunnel *t, json_object **msg, int timeout_ms, struct hpvm_err *e)
{
	json_object *env;
	int rc;

	*msg = NULL;
	if (chan_recv(t->sock, &env, NULL, timeout_ms, e) == -1) {
		if (e != NULL && e->code == ETIMEDOUT) {
			hpvm_err_clear(e);
			return hpvm_fail(e, ETIMEDOUT, "%s did not answer within %d seconds.", t->peer,
			    timeout_ms / 1000);
		}
		return -1;
	}
	rc = tunnel_unwrap(t, env, msg, e);
	json_object_put(env);
	return rc;
}

static int
tunnel_post(struct tunnel *t, json_object *msg, int fd, struct hpvm_err *e)
{
	json_object *env = json_object_new_object();
	int rc;

	json_object_object_add(env, "to", json_object_new_string(fd >= 0 ? "relay" : "peer"));
	if (msg != NULL)
		json_object_object_add(env, "msg", json_object_get(msg));
	rc = chan_send(t->sock, env, fd, e);
	json_object_put(env);
	return rc;
}

int
tunnel_send(struct tunnel *t, json_object *msg, struct hpvm_err *e)
{
	return tunnel_post(t, msg, -1, e);
}

/* Send `req` and wait for the answer; an answer {"ok":false,"error":...} becomes the error. */
int
tunnel_request(struct tunnel *t, json_object *req, json_object **reply, int timeout_ms,
    struct hpvm_err *e)
{
	const char *text;
	int ok;

	*reply = NULL;
	if (tunnel_send(t, req, e) == -1 || tunnel_recv(t, reply, timeout_ms, e) == -1)
		return -1;
	if (wire_bool(*reply, "ok", &ok, e) == -1)
		return -1;
	if (!ok) {
		hpvm_fail(e, EIO, "%s", wire_str(*reply, "error", HPVM_MSG_LEN, &text, NULL) == 0 ? text :
		    "The other host refused without saying why.");
		return -1;
	}
	return 0;
}

/* The child sends `reply` (or nothing) and then carries the stream between `fd` and the peer. */
int
tunnel_relay(struct tunnel *t, int fd, json_object *reply, struct hpvm_err *e)
{
	int rc = tunnel_post(t, reply, fd, e);

	close(fd);
	return rc;
}

/* End the child: its socket closes, so it ends; one that lingers is killed. */
void
tunnel_close(struct tunnel *t)
{
	int status, i;

	if (t->sock >= 0)
		close(t->sock);
	t->sock = -1;
	if (t->pid <= 0)
		return;
	for (i = 0; i < 20 && waitpid(t->pid, &status, WNOHANG) == 0; i++)
		usleep(10000);
	if (i == 20) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, &status, 0);
	}
	t->pid = 0;
}
