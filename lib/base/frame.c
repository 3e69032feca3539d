/*
 * frame.c: typed messages over a unix stream socket: a type byte, a two-byte length, the
 * payload. A descriptor rides on the sendmsg() that carries a whole frame, and the type byte
 * says so, so the reader hands each descriptor to the frame it came with.
 */
#include <sys/socket.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "base/frame.h"
#include "base/sock.h"

void
frame_reader_init(struct frame_reader *r)
{
	r->off = r->len = 0;
	r->nfds = 0;
}

/* Close the descriptors no frame claimed. */
void
frame_reader_close(struct frame_reader *r)
{
	int i;

	for (i = 0; i < r->nfds; i++)
		close(r->fds[i]);
	r->nfds = 0;
}

/* Keep at most FRAME_FDS descriptors; any more (a confused or hostile peer) are closed at once. */
static void
take_fds(struct frame_reader *r, struct msghdr *msg)
{
	struct cmsghdr *c;
	size_t i, n;
	int fd;

	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < n; i++) {
			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (r->nfds < FRAME_FDS)
				r->fds[r->nfds++] = fd;
			else
				close(fd);
		}
	}
}

/* One recvmsg(): 1 when bytes came, 0 at the end of the stream, -1 on error (errno; EAGAIN too). */
int
frame_fill(int sock, struct frame_reader *r)
{
	union {
		struct cmsghdr	hdr;
		char		space[CMSG_SPACE(FRAME_FDS * sizeof(int))];
	} ctl;
	struct iovec iov;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (r->off > 0) {
		memmove(r->buf, r->buf + r->off, r->len - r->off);
		r->len -= r->off;
		r->off = 0;
	}
	if (r->len == sizeof(r->buf)) {
		errno = EMSGSIZE;
		return -1;
	}
	iov.iov_base = r->buf + r->len;
	iov.iov_len = sizeof(r->buf) - r->len;
	msg.msg_control = ctl.space;
	msg.msg_controllen = sizeof(ctl.space);
	while ((n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) == -1 && errno == EINTR)
		;
	if (n == -1)
		return -1;
	take_fds(r, &msg);
	if (n == 0)
		return 0;
	r->len += (size_t)n;
	return 1;
}

/*
 * The next whole frame in the buffer: 1 and `f` filled, 0 if more bytes are needed, -1 if
 * the bytes are no frame (a frame said to carry a descriptor that never came).
 */
int
frame_next(struct frame_reader *r, struct frame *f)
{
	unsigned char *p = r->buf + r->off;
	size_t avail = r->len - r->off, len;

	if (avail < FRAME_HEADER)
		return 0;
	len = (size_t)p[1] << 8 | p[2];
	if (avail < FRAME_HEADER + len)
		return 0;
	f->type = (char)(p[0] & ~FRAME_WITH_FD);
	f->len = len;
	f->fd = -1;
	if (p[0] & FRAME_WITH_FD) {
		if (r->nfds == 0)
			return -1;
		f->fd = r->fds[0];
		memmove(r->fds, r->fds + 1, (size_t)(r->nfds - 1) * sizeof(int));
		r->nfds--;
	}
	/* Moved over its header, the payload ends where its stale tail is: room for a NUL. */
	memmove(p, p + FRAME_HEADER, len);
	p[len] = '\0';
	f->data = (char *)p;
	r->off += FRAME_HEADER + len;
	return 1;
}

/* Wait up to timeout_ms (-1: forever) for a whole frame: 1, 0 on timeout, -1 at the end or on error. */
int
frame_recv(int sock, struct frame_reader *r, struct frame *f, int timeout_ms)
{
	int rc;

	for (;;) {
		if ((rc = frame_next(r, f)) != 0)
			return rc;
		struct pollfd p = { .fd = sock, .events = POLLIN };
		if ((rc = poll(&p, 1, timeout_ms)) == -1 && errno == EINTR)
			continue;
		if (rc <= 0)
			return rc;
		if ((rc = frame_fill(sock, r)) <= 0) {
			if (rc == -1 && (errno == EAGAIN || errno == EINTR))
				continue;
			return -1;
		}
	}
}

/* Header and payload into `out`; the frame's size, or -1 if it does not fit. */
int
frame_encode(char type, const void *data, size_t len, unsigned char *out, size_t outlen)
{
	if (len > FRAME_MAX || outlen < FRAME_HEADER + len)
		return -1;
	out[0] = (unsigned char)type;
	out[1] = (unsigned char)(len >> 8);
	out[2] = (unsigned char)(len & 0xff);
	if (len > 0)
		memcpy(out + FRAME_HEADER, data, len);
	return (int)(FRAME_HEADER + len);
}

/* Send one whole frame, with descriptor `fd` unless it is -1; blocks until it is out. -1 and errno on failure. */
int
frame_send(int sock, char type, const void *data, size_t len, int fd)
{
	static unsigned char buf[FRAME_MAX + FRAME_HEADER];
	const unsigned char *p = buf;
	int n;

	if ((n = frame_encode(fd >= 0 ? (char)(type | FRAME_WITH_FD) : type, data, len, buf,
	    sizeof(buf))) == -1) {
		errno = EMSGSIZE;
		return -1;
	}
	if (fd >= 0)
		return sock_send_fd(sock, buf, (size_t)n, fd);
	while (n > 0) {
		ssize_t w = send(sock, p, (size_t)n, MSG_NOSIGNAL);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1 && errno == EAGAIN) {
			struct pollfd pf = { .fd = sock, .events = POLLOUT };
			poll(&pf, 1, 1000);
			continue;
		}
		if (w <= 0)
			return -1;
		p += w;
		n -= (int)w;
	}
	return 0;
}

int
frame_send_text(int sock, char type, const char *text)
{
	return frame_send(sock, type, text, strlen(text), -1);
}
