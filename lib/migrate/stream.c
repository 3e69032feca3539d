/*
 * stream.c: where a data stream arrives on the target. The session listens on a socket named
 * by a fresh random token in a directory only root can reach (PROTO_RUN); the peer opens a
 * new TLS connection that names the token, and that connection's session joins the two.
 */
#include <sys/socket.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/sock.h"
#include "migrate/proto.h"
#include "migrate/stream.h"

int
stream_listen(char *token, size_t tlen, char *path, size_t plen, struct hpvm_err *e)
{
	char dir[HPVM_PATH_LEN];

	if (proto_run_dir(dir, sizeof(dir), e) == -1)
		return -1;
	if (proto_token_new(token, tlen) == -1)
		return hpvm_fail(e, EIO, "Unable to draw a random stream token.");
	if (proto_token_path(token, path, plen, e) == -1)
		return -1;
	return sock_listen_unix(path, 0600, e);
}

/* The stream's connection, once its peer has opened it; -1 after `timeout_s`. */
int
stream_accept(int listen_fd, int timeout_s, struct hpvm_err *e)
{
	struct pollfd p = { .fd = listen_fd, .events = POLLIN };
	int r, fd;

	while ((r = poll(&p, 1, timeout_s * 1000)) == -1 && errno == EINTR)
		;
	if (r != 1)
		return hpvm_fail(e, ETIMEDOUT, "The source did not open its data stream within %d "
		    "seconds.", timeout_s);
	if ((fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC)) == -1)
		return hpvm_fail(e, errno, "accept: %s", strerror(errno));
	sock_grow(fd, PROTO_STREAM_BUF);
	return fd;
}

void
stream_close(int *listen_fd, char *path)
{
	if (*listen_fd >= 0)
		close(*listen_fd);
	*listen_fd = -1;
	if (path[0] != '\0')
		unlink(path);
	path[0] = '\0';
}
