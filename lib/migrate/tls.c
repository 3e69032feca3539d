/*
 * tls.c: TLS 1.3 connections between hosts for migration (OpenSSL). Both ends present a
 * certificate the site CA signed and verify the other's; the client also checks that the
 * server's certificate names the host it dialled. Sockets are non-blocking and every
 * handshake, read and write has a deadline, so a stalled peer never holds anything.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "base/clock.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "migrate/pki.h"
#include "migrate/tls.h"

/* OpenSSL's reason, or what an empty error queue means at this point: the peer hung up. */
static const char *
tls_reason(void)
{
	return ERR_peek_error() == 0 ? "the connection was closed" : pki_ssl_reason();
}

static int
load_file(SSL_CTX *ctx, const char *dir, const char *name, int what, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN];
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (access(path, R_OK) == -1)
		return hpvm_fail(e, errno, "Unable to read %s: %s; set the site up with hpvmsecsetup.",
		    path, strerror(errno));
	ok = what == 0 ? SSL_CTX_load_verify_locations(ctx, path, NULL) :
	    what == 1 ? SSL_CTX_use_certificate_chain_file(ctx, path) :
	    SSL_CTX_use_PrivateKey_file(ctx, path, SSL_FILETYPE_PEM);
	return ok == 1 ? 0 : hpvm_fail(e, EINVAL, "Unable to use %s: %s", path, tls_reason());
}

/* A context for one end, from the site files in `dir` (/etc/opt/hpvm/ssl). */
SSL_CTX *
tls_context(const char *dir, enum tls_role role, struct hpvm_err *e)
{
	SSL_CTX *ctx;

	if ((ctx = SSL_CTX_new(role == TLS_SERVER ? TLS_server_method() : TLS_client_method())) == NULL) {
		hpvm_fail(e, ENOMEM, "Unable to set TLS up: %s", tls_reason());
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	/* Session tickets arriving after the handshake only complicate a relay; nothing resumes. */
	SSL_CTX_clear_mode(ctx, SSL_MODE_AUTO_RETRY);
	SSL_CTX_set_num_tickets(ctx, 0);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	if (load_file(ctx, dir, PKI_CA_CERT, 0, e) == -1 || load_file(ctx, dir, PKI_HOST_CERT, 1, e) == -1 ||
	    load_file(ctx, dir, PKI_HOST_KEY, 2, e) == -1) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		hpvm_fail(e, EINVAL, "%s/%s is not the key of %s/%s.", dir, PKI_HOST_KEY, dir, PKI_HOST_CERT);
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* Wait until the connection can be read (or written); 0, or -1 at the deadline. */
int
tls_wait(struct tls_conn *c, int for_write, int timeout_ms)
{
	struct pollfd p = { .fd = c->fd, .events = for_write ? POLLOUT : POLLIN };
	int r;

	if (!for_write && SSL_pending(c->ssl) > 0)
		return 0;
	while ((r = poll(&p, 1, timeout_ms)) == -1 && errno == EINTR)
		;
	return r > 0 ? 0 : -1;
}

/* Drive one TLS operation to its end within the deadline: 1 done, 0 closed, -1 failed. */
static int
tls_step(struct tls_conn *c, int (*op)(SSL *, void *, int), void *buf, int len, long deadline,
    int *done)
{
	for (;;) {
		int n = op(c->ssl, buf, len), err;
		if (n > 0) {
			*done = n;
			return 1;
		}
		err = SSL_get_error(c->ssl, n);
		if (err == SSL_ERROR_ZERO_RETURN)
			return 0;
		if ((err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) ||
		    tls_wait(c, err == SSL_ERROR_WANT_WRITE, (int)(deadline - clock_ms())) == -1)
			return -1;
	}
}

static int
op_read(SSL *ssl, void *buf, int len)
{
	return SSL_read(ssl, buf, len);
}

static int
op_write(SSL *ssl, void *buf, int len)
{
	return SSL_write(ssl, buf, len);
}

static int
op_connect(SSL *ssl, void *buf, int len)
{
	(void)buf;
	(void)len;
	return SSL_connect(ssl);
}

static int
op_accept(SSL *ssl, void *buf, int len)
{
	(void)buf;
	(void)len;
	return SSL_accept(ssl);
}

/* Why a handshake failed, in words that name the peer and the check. */
static int
handshake_failed(struct tls_conn *c, struct hpvm_err *e)
{
	long v = SSL_get_verify_result(c->ssl);
	const char *reason = tls_reason();

	if (v != X509_V_OK)
		return hpvm_fail(e, EACCES, "The certificate of %s failed verification against the site "
		    "CA: %s.", c->peer, X509_verify_cert_error_string(v));
	if (strstr(reason, "wrong version number") || strstr(reason, "http request") ||
	    strstr(reason, "packet length too long") || strstr(reason, "record layer failure"))
		return hpvm_fail(e, EPROTO, "%s does not speak TLS (plaintext?): %s", c->peer, reason);
	if (strstr(reason, "alert"))
		return hpvm_fail(e, EACCES, "%s refused our certificate: %s", c->peer, reason);
	return hpvm_fail(e, EPROTO, "TLS with %s failed: %s", c->peer, reason);
}

/*
 * A peer that vanishes (a cut cable, a host that died) must not hold a migration: keepalives
 * find a silent link and the user timeout ends one whose data goes unacknowledged.
 */
void
tls_socket_tune(int fd, int timeout_s)
{
	int on = 1, idle = timeout_s / 3 > 0 ? timeout_s / 3 : 1, intvl = idle, cnt = 3;
	unsigned int user_ms = (unsigned int)timeout_s * 1000;

	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof(intvl));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof(cnt));
	setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_ms, sizeof(user_ms));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

/* A TCP connection to hpvmmigrated on `host` (made by the parent: names resolve only there). */
int
tls_tcp_connect(const char *host, int port, int timeout_ms, struct hpvm_err *e)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	char service[16];
	int fd = -1, rc;

	snprintf(service, sizeof(service), "%d", port);
	if ((rc = getaddrinfo(host, service, &hints, &res)) != 0)
		return hpvm_fail(e, ENOENT, "Unable to find host %s: %s", host, gai_strerror(rc));
	for (ai = res; ai != NULL && fd == -1; ai = ai->ai_next) {
		struct pollfd p;
		int err = 0;
		socklen_t el = sizeof(err);
		if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) == -1)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == -1 && errno != EINPROGRESS)
			err = errno;
		p.fd = fd;
		p.events = POLLOUT;
		if (err == 0 && (poll(&p, 1, timeout_ms) != 1 ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) == -1))
			err = ETIMEDOUT;
		if (err != 0) {
			close(fd);
			fd = -1;
			hpvm_err_clear(e);
			hpvm_fail(e, err, "Unable to connect to hpvmmigrated on %s port %d: %s", host, port,
			    strerror(err));
		}
	}
	freeaddrinfo(res);
	if (fd != -1)
		hpvm_err_clear(e);
	return fd;
}

/* TLS as the client on a connected socket; the server's certificate must be the site's and name `host`. */
int
tls_client(SSL_CTX *ctx, int fd, const char *host, int timeout_ms, struct tls_conn *c,
    struct hpvm_err *e)
{
	long deadline = clock_ms() + timeout_ms;
	unsigned char ip[16];
	int done;

	memset(c, 0, sizeof(*c));
	c->fd = fd;
	snprintf(c->peer, sizeof(c->peer), "%s", host);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	if ((c->ssl = SSL_new(ctx)) == NULL || SSL_set_fd(c->ssl, c->fd) != 1) {
		tls_close(c);
		return hpvm_fail(e, ENOMEM, "Unable to set TLS up: %s", tls_reason());
	}
	if (inet_pton(AF_INET, host, ip) == 1 || inet_pton(AF_INET6, host, ip) == 1)
		X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), host);
	else {
		SSL_set1_host(c->ssl, host);
		SSL_set_tlsext_host_name(c->ssl, host);
	}
	if (tls_step(c, op_connect, NULL, 0, deadline, &done) != 1) {
		handshake_failed(c, e);
		tls_close(c);
		return -1;
	}
	return 0;
}

/* Accept TLS on a connected socket from `peer`; its certificate must be the site's. */
int
tls_accept(SSL_CTX *ctx, int fd, const char *peer, int timeout_ms, struct tls_conn *c,
    struct hpvm_err *e)
{
	long deadline = clock_ms() + timeout_ms;
	int done;

	memset(c, 0, sizeof(*c));
	c->fd = fd;
	snprintf(c->peer, sizeof(c->peer), "%s", peer);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	if ((c->ssl = SSL_new(ctx)) == NULL || SSL_set_fd(c->ssl, fd) != 1) {
		tls_close(c);
		return hpvm_fail(e, ENOMEM, "Unable to set TLS up: %s", tls_reason());
	}
	if (tls_step(c, op_accept, NULL, 0, deadline, &done) != 1) {
		handshake_failed(c, e);
		tls_close(c);
		return -1;
	}
	return 0;
}

int
tls_read_full(struct tls_conn *c, void *buf, size_t len, int timeout_ms, struct hpvm_err *e)
{
	long deadline = clock_ms() + timeout_ms;
	size_t got = 0;
	int n, r;

	while (got < len) {
		int want = len - got > (1 << 30) ? 1 << 30 : (int)(len - got);
		if ((r = tls_step(c, op_read, (char *)buf + got, want, deadline, &n)) != 1)
			return hpvm_fail(e, r == 0 ? ECONNRESET : ETIMEDOUT, "%s %s.", c->peer,
			    r == 0 ? "closed the connection" : clock_ms() >= deadline ?
			    "did not answer in time" : "broke the connection");
		got += (size_t)n;
	}
	return 0;
}

int
tls_write_full(struct tls_conn *c, const void *buf, size_t len, int timeout_ms, struct hpvm_err *e)
{
	long deadline = clock_ms() + timeout_ms;
	size_t sent = 0;
	int n, r;

	while (sent < len) {
		int want = len - sent > (1 << 30) ? 1 << 30 : (int)(len - sent);
		if ((r = tls_step(c, op_write, (void *)((uintptr_t)buf + sent), want, deadline, &n)) != 1)
			return hpvm_fail(e, r == 0 ? ECONNRESET : ETIMEDOUT, "Lost the connection to %s.",
			    c->peer);
		sent += (size_t)n;
	}
	return 0;
}

/* The common name in the peer's (verified) certificate: who is at the other end. */
int
tls_peer_name(struct tls_conn *c, char *buf, size_t len)
{
	X509 *x = SSL_get1_peer_certificate(c->ssl);
	int n = -1;

	buf[0] = '\0';
	if (x != NULL) {
		n = X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, buf, (int)len);
		X509_free(x);
	}
	return n > 0 ? 0 : -1;
}

void
tls_close(struct tls_conn *c)
{
	if (c->ssl != NULL) {
		SSL_shutdown(c->ssl);
		SSL_free(c->ssl);
	}
	if (c->fd >= 0)
		close(c->fd);
	c->ssl = NULL;
	c->fd = -1;
}
