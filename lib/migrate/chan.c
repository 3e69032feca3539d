/*
 * chan.c: the socketpair between a session's parent and its network child: the same framing
 * as the wire (a 4-byte length, one JSON object), and a descriptor may ride on the length.
 * Each side parses what the other sends with the wire's limits: the child is not trusted
 * by its parent any more than the peer is.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/sock.h"
#include "migrate/chan.h"
#include "migrate/wire.h"

/* Send `msg`, with `fd` attached unless it is -1. */
int
chan_send(int sock, json_object *msg, int fd, struct hpvm_err *e)
{
	const char *text = json_object_to_json_string_ext(msg, JSON_C_TO_STRING_PLAIN);
	size_t len = strlen(text);
	unsigned char head[4] = { (unsigned char)(len >> 24), (unsigned char)(len >> 16),
	    (unsigned char)(len >> 8), (unsigned char)len };
	int rc;

	if (len > WIRE_MAX)
		return hpvm_fail(e, EMSGSIZE, "A migration message is too large.");
	rc = fd >= 0 ? sock_send_fd(sock, head, sizeof(head), fd) :
	    file_write_fd(sock, (const char *)head, sizeof(head));
	if (rc == -1 || file_write_fd(sock, text, len) == -1)
		return hpvm_fail(e, errno, "Lost the migration session's other half: %s", strerror(errno));
	return 0;
}

/* The next message (and the descriptor that came with it, or -1); -1 at end or after `timeout_ms`. */
int
chan_recv(int sock, json_object **msg, int *fd, int timeout_ms, struct hpvm_err *e)
{
	struct pollfd p = { .fd = sock, .events = POLLIN };
	unsigned char head[4];
	size_t len;
	char *buf;
	int r, dummy;

	*msg = NULL;
	if (fd == NULL)
		fd = &dummy;
	*fd = -1;
	while ((r = poll(&p, 1, timeout_ms)) == -1 && errno == EINTR)
		;
	if (r == 0)
		return hpvm_fail(e, ETIMEDOUT, "The migration session did not answer in time.");
	if (r == -1 || sock_recv_fd(sock, head, sizeof(head), fd) == -1)
		return hpvm_fail(e, ECONNRESET, "The migration session ended.");
	len = (size_t)head[0] << 24 | (size_t)head[1] << 16 | (size_t)head[2] << 8 | head[3];
	if (len == 0 || len > WIRE_MAX || (buf = malloc(len)) == NULL)
		r = hpvm_fail(e, EPROTO, "A migration message of %zu bytes is not acceptable.", len);
	else {
		int ignored;
		r = sock_recv_fd(sock, buf, len, &ignored) == 0 ? wire_parse(buf, len, WIRE_DEPTH + 2, msg, e) :
		    hpvm_fail(e, ECONNRESET, "The migration session ended.");
		if (ignored >= 0)
			close(ignored);
		free(buf);
	}
	if (r == -1 && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	if (fd == &dummy && dummy >= 0)
		close(dummy);
	return r;
}
