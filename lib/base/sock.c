/* sock.c: unix stream sockets for monitors, consoles and daemons: bound with the mode asked, never a stale file in the way. */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/sock.h"

static int
sock_address(const char *path, struct sockaddr_un *sa, struct hpvm_err *e)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path))
		return hpvm_fail(e, ENAMETOOLONG, "Socket path too long: %s", path);
	strcpy(sa->sun_path, path);
	return 0;
}

/* A listening socket at `path` (a socket left there by a dead owner is replaced), with `mode`. */
int
sock_listen_unix(const char *path, mode_t mode, struct hpvm_err *e)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd, saved;

	if (sock_address(path, &sa, e) == -1)
		return -1;
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return hpvm_fail(e, errno, "socket: %s", strerror(errno));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 || chmod(path, mode) == -1 ||
	    listen(fd, 8) == -1) {
		saved = errno;
		close(fd);
		return hpvm_fail(e, saved, "Unable to listen on %s: %s", path, strerror(saved));
	}
	return fd;
}

int
sock_connect_unix(const char *path, struct hpvm_err *e)
{
	struct sockaddr_un sa;
	int fd, saved;

	if (sock_address(path, &sa, e) == -1)
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return hpvm_fail(e, errno, "socket: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		saved = errno;
		close(fd);
		return hpvm_fail(e, saved, "Unable to connect to %s: %s", path, strerror(saved));
	}
	return fd;
}

/* Send `buf` with descriptor `fd` attached (SCM_RIGHTS), all in one message; -1 and errno on failure. */
int
sock_send_fd(int sock, const void *buf, size_t len, int fd)
{
	union {
		struct cmsghdr	hdr;
		char		space[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { .iov_base = (void *)(uintptr_t)buf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	ssize_t n;

	memset(&ctl, 0, sizeof(ctl));
	msg.msg_control = ctl.space;
	msg.msg_controllen = sizeof(ctl.space);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	while ((n = sendmsg(sock, &msg, MSG_NOSIGNAL)) == -1 && errno == EINTR)
		;
	if (n == -1)
		return -1;
	if ((size_t)n < len) {
		errno = EIO;
		return -1;
	}
	return 0;
}

/*
 * Receive exactly `len` bytes and the descriptor sent with them, if any (`*fd`, else -1).
 * Returns 0, or -1 with errno (ECONNRESET at end of file). Descriptors beyond one are closed.
 */
int
sock_recv_fd(int sock, void *buf, size_t len, int *fd)
{
	union {
		struct cmsghdr	hdr;
		char		space[CMSG_SPACE(sizeof(int) * 4)];
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.space,
	    .msg_controllen = sizeof(ctl.space) };
	struct cmsghdr *c;
	size_t got;
	ssize_t n;

	*fd = -1;
	while ((n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) == -1 && errno == EINTR)
		;
	if (n <= 0) {
		if (n == 0)
			errno = ECONNRESET;
		return -1;
	}
	for (c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
		size_t i, nfd;
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < nfd; i++) {
			int one;
			memcpy(&one, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (*fd == -1)
				*fd = one;
			else
				close(one);
		}
	}
	for (got = (size_t)n; got < len; got += (size_t)n)
		if ((n = read(sock, (char *)buf + got, len - got)) <= 0) {
			if (n == 0)
				errno = ECONNRESET;
			if (n == 0 || errno != EINTR) {
				if (*fd >= 0)
					close(*fd);
				*fd = -1;
				return -1;
			}
			n = 0;
		}
	return 0;
}

/*
 * Room for a stream's bursts on a unix socket: a migration moves hundreds of megabytes
 * through one, and the default buffers (wmem_max, 208 KB) mean a wake-up every few pages.
 * Root may exceed the system's maximum; others get what it allows.
 */
void
sock_grow(int fd, int bytes)
{
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bytes, sizeof(bytes)) == -1)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof(bytes));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) == -1)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
}
