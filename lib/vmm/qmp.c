/* qmp.c: connect, negotiate capabilities, run commands and read events from a QEMU monitor socket. */
#include <sys/socket.h>
#include <sys/un.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/hpvm_err.h"
#include "base/sock.h"
#include "vmm/qmp.h"

#define QMP_WAIT_SLICE_MS	1000

/* Next complete message (one JSON object a line); 1 on success, 0 on timeout, -1 on EOF or error. */
int
qmp_read(struct qmp *q, json_object **out, int timeout_ms)
{
	long deadline = clock_ms() + timeout_ms;
	char *nl;

	for (;;) {
		if ((nl = memchr(q->buf, '\n', q->len)) != NULL) {
			size_t n = (size_t)(nl - q->buf) + 1;
			*nl = '\0';
			*out = json_tokener_parse(q->buf);
			memmove(q->buf, q->buf + n, q->len - n);
			q->len -= n;
			if (*out == NULL)
				continue;	/* not JSON: skip the line */
			return 1;
		}
		if (q->len == sizeof(q->buf))
			return -1;		/* a line longer than any reply we expect */
		struct pollfd p = { .fd = q->fd, .events = POLLIN };
		long left = deadline - clock_ms();
		/* In slices of a second when someone must hear, while QEMU is slow, that we are alive. */
		long slice = q->on_wait != NULL && left > QMP_WAIT_SLICE_MS ? QMP_WAIT_SLICE_MS : left;
		int r = poll(&p, 1, slice > 0 ? (int)slice : 0);	/* a zero wait still reads what is there */
		if (r == -1 && errno == EINTR)
			continue;
		if (r == 0 && slice < left) {
			q->on_wait(q->wait_arg);
			continue;
		}
		if (r <= 0)
			return r == 0 ? 0 : -1;
		ssize_t n = read(q->fd, q->buf + q->len, sizeof(q->buf) - q->len);
		if (n <= 0)
			return -1;
		q->len += (size_t)n;
	}
}

/*
 * One command and its newline in one send(): QEMU acts on a complete JSON object, so after
 * "quit" it may close the socket before a separate newline arrives. MSG_NOSIGNAL: a monitor
 * that went away is an error, not a SIGPIPE that kills the command.
 */
static int
send_line(struct qmp *q, const char *s, int fd)
{
	size_t len = strlen(s);
	char buf[8192];
	const char *p = buf;

	if (len + 1 > sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len++] = '\n';
	/* A descriptor for QEMU (getfd, add-fd) rides on the command that names it. */
	if (fd >= 0)
		return sock_send_fd(q->fd, buf, len, fd);
	while (len > 0) {
		ssize_t n = send(q->fd, p, len, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Run `cmd` with `args` (consumed; may be NULL), passing descriptor `fd` with it unless it is
 * -1; *ret gets "return" (caller puts it) unless ret is NULL. Events on the way are dropped.
 */
int
qmp_execute_fd(struct qmp *q, const char *cmd, json_object *args, int fd, json_object **ret,
    struct hpvm_err *e)
{
	json_object *req = json_object_new_object(), *msg, *v;
	int rc;

	json_object_object_add(req, "execute", json_object_new_string(cmd));
	if (args != NULL)
		json_object_object_add(req, "arguments", args);
	rc = send_line(q, json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN), fd);
	json_object_put(req);
	if (rc == -1)
		return hpvm_fail(e, EIO, "Lost the connection to QEMU while sending %s.", cmd);
	for (;;) {
		if ((rc = qmp_read(q, &msg, q->timeout_ms > 0 ? q->timeout_ms : 30000)) != 1)
			return hpvm_fail(e, EIO, "No answer from QEMU to %s.", cmd);
		if (json_object_object_get_ex(msg, "return", &v)) {
			if (ret != NULL)
				*ret = json_object_get(v);
			json_object_put(msg);
			return 0;
		}
		if (json_object_object_get_ex(msg, "error", &v)) {
			json_object *desc;
			const char *d = json_object_object_get_ex(v, "desc", &desc) ?
			    json_object_get_string(desc) : "unknown error";
			hpvm_fail(e, EIO, "QEMU refused %s: %s", cmd, d);
			json_object_put(msg);
			return -1;
		}
		if (q->on_event != NULL && json_object_object_get_ex(msg, "event", &v))
			q->on_event(msg, q->event_arg);
		json_object_put(msg);
	}
}

int
qmp_execute(struct qmp *q, const char *cmd, json_object *args, json_object **ret, struct hpvm_err *e)
{
	return qmp_execute_fd(q, cmd, args, -1, ret, e);
}

/* Connect, waiting up to timeout_ms for the socket to appear, and leave capabilities negotiation done. */
int
qmp_connect(struct qmp *q, const char *path, int timeout_ms, struct hpvm_err *e)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	long deadline = clock_ms() + timeout_ms;
	json_object *greeting;

	q->len = 0;
	q->timeout_ms = 30000;
	q->on_event = NULL;
	q->on_wait = NULL;
	q->event_arg = NULL;
	if (strlen(path) >= sizeof(sa.sun_path))
		return hpvm_fail(e, ENAMETOOLONG, "Monitor socket path too long: %s", path);
	strcpy(sa.sun_path, path);
	for (;;) {
		if ((q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
			return hpvm_fail(e, errno, "socket: %s", strerror(errno));
		if (connect(q->fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			break;
		close(q->fd);
		q->fd = -1;
		if (clock_ms() >= deadline)
			return hpvm_fail(e, ETIMEDOUT, "Unable to reach the QEMU monitor at %s.", path);
		usleep(20000);
	}
	if (qmp_read(q, &greeting, (int)(deadline - clock_ms() > 2000 ? deadline - clock_ms() : 2000)) != 1) {
		qmp_close(q);
		return hpvm_fail(e, EIO, "The QEMU monitor at %s did not greet.", path);
	}
	json_object_put(greeting);
	if (qmp_execute(q, "qmp_capabilities", NULL, NULL, e) == -1) {
		qmp_close(q);
		return -1;
	}
	return 0;
}

void
qmp_close(struct qmp *q)
{
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
}
