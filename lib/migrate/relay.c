/*
 * relay.c: the data path of a migration: QEMU's memory stream, an NBD connection or a copied
 * file, between a local socket and the peer, encrypted. Both directions at once, each closed
 * on its own (a TLS close_notify one way, a shutdown the other), without a deadline: an NBD
 * connection may idle for as long as the guest does not write. A dead peer ends it through
 * the socket's keepalive and user timeout (tls_socket_tune).
 */
#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "migrate/relay.h"
#include "migrate/tls.h"

#define RELAY_BUF	(256 * 1024)

struct relay_dir {
	char	buf[RELAY_BUF];
	size_t	len, off;
	int	eof;		/* the source of this direction has ended */
	int	done;		/* ... and everything it sent has been passed on and closed */
};

struct relay {
	struct tls_conn		*c;
	int			 fd;
	struct relay_dir	 out;	/* local -> peer */
	struct relay_dir	 in;	/* peer -> local */
	int			 want_read, want_write;	/* what TLS waits for */
};

/* One TLS call's "try again later" tells which way the socket must turn; -1 on a real failure. */
static int
relay_ssl_wait(struct relay *r, int n)
{
	int err = SSL_get_error(r->c->ssl, n);

	if (err == SSL_ERROR_WANT_READ)
		r->want_read = 1;
	else if (err == SSL_ERROR_WANT_WRITE)
		r->want_write = 1;
	else
		return -1;
	return 0;
}

/* local -> peer: read what the local side has, encrypt and send it. */
static int
relay_outward(struct relay *r)
{
	struct relay_dir *d = &r->out;
	ssize_t n;
	int w;

	if (d->len == 0 && !d->eof) {
		n = read(r->fd, d->buf, sizeof(d->buf));
		if (n > 0) {
			d->len = (size_t)n;
			d->off = 0;
		} else if (n == 0 || (errno != EAGAIN && errno != EINTR))
			d->eof = 1;
	}
	while (d->off < d->len) {
		if ((w = SSL_write(r->c->ssl, d->buf + d->off, (int)(d->len - d->off))) <= 0)
			return relay_ssl_wait(r, w);
		d->off += (size_t)w;
	}
	d->len = d->off = 0;
	if (d->eof && !d->done) {
		SSL_shutdown(r->c->ssl);	/* close_notify: the peer's local side sees the end */
		d->done = 1;
	}
	return 0;
}

/* peer -> local: decrypt what the peer sent and hand it to the local side. */
static int
relay_inward(struct relay *r)
{
	struct relay_dir *d = &r->in;
	ssize_t n;
	int got;

	if (d->len == 0 && !d->eof) {
		got = SSL_read(r->c->ssl, d->buf, (int)sizeof(d->buf));
		if (got > 0) {
			d->len = (size_t)got;
			d->off = 0;
		} else if (SSL_get_error(r->c->ssl, got) == SSL_ERROR_ZERO_RETURN)
			d->eof = 1;
		else if (relay_ssl_wait(r, got) == -1)
			return -1;
	}
	while (d->off < d->len) {
		if ((n = write(r->fd, d->buf + d->off, d->len - d->off)) == -1)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		d->off += (size_t)n;
	}
	d->len = d->off = 0;
	if (d->eof && !d->done) {
		shutdown(r->fd, SHUT_WR);
		d->done = 1;
	}
	return 0;
}

/* Until both directions have ended: 0 when they ended cleanly, -1 when either side broke. */
int
relay_run(struct tls_conn *c, int fd)
{
	static struct relay r;

	r = (struct relay){ .c = c, .fd = fd };
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	for (;;) {
		struct pollfd p[2] = { { .fd = fd }, { .fd = c->fd } };
		r.want_read = r.want_write = 0;
		if (relay_outward(&r) == -1 || relay_inward(&r) == -1)
			return -1;
		if (r.out.done && r.in.done)
			return 0;
		if (SSL_pending(c->ssl) > 0 && r.in.len == 0)
			continue;
		p[0].events = (r.out.len == 0 && !r.out.eof ? POLLIN : 0) | (r.in.len > 0 ? POLLOUT : 0);
		p[1].events = (r.want_read || (r.in.len == 0 && !r.in.eof) ? POLLIN : 0) |
		    (r.want_write ? POLLOUT : 0);
		/* A side with nothing to wait for is left out, or its hangup would spin the loop. */
		if (p[0].events == 0)
			p[0].fd = -1;
		if (p[1].events == 0)
			p[1].fd = -1;
		if (poll(p, 2, -1) == -1 && errno != EINTR)
			return -1;
		if ((p[0].revents & (POLLERR | POLLNVAL)) || (p[1].revents & (POLLERR | POLLNVAL)))
			return -1;
	}
}
