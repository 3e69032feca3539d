/*
 * console_mux.c: hpvmapp's console multiplexer, a child process of its own. QEMU's serial port
 * is one end of a socket pair; the multiplexer reads the other, appends everything to the
 * console log (bounded: past HPVM_CONSOLE_LOG_KB it moves to console.log.old), and copies it to
 * everyone attached to console.sock. Keystrokes go to the guest from one person at a time: the
 * first to type after the keyboard is free has it until they leave, or until someone takes it
 * (hpvmconsole -f, or ^Ecf at the console). Only root connects: hpvmconsole as root, and
 * hpvmconsoled for everyone else, naming in its hello the person it attaches.
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/frame.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "base/sock.h"
#include "vmm/console_mux.h"
#include "vmm/runtime.h"

#define MUX_CLIENTS	32
#define MUX_QUEUE_MAX	(256 * 1024)	/* output a client may fall behind before it is let go */
#define MUX_CHUNK	4096

struct queue {
	unsigned char	*buf;
	size_t		 len;
};

struct client {
	int			 fd;
	int			 hello;		/* said who it is */
	int			 told;		/* was told it is read-only since it last tried */
	char			 user[33];
	struct frame_reader	*r;
	struct queue		 out;
};

struct mux {
	char		 log[HPVM_PATH_LEN], old[HPVM_PATH_LEN + 8];
	int		 guest, listen, logfd;
	off_t		 logsize, logmax;
	struct queue	 to_guest;
	struct client	 c[MUX_CLIENTS];
	int		 nc;
	int		 holder;		/* index of who has the keyboard, or -1 */
};

static int
queue_add(struct queue *q, const void *data, size_t len)
{
	unsigned char *n;

	if (q->len + len > MUX_QUEUE_MAX)
		return -1;
	if ((n = realloc(q->buf, q->len + len)) == NULL)
		return -1;
	q->buf = n;
	memcpy(q->buf + q->len, data, len);
	q->len += len;
	return 0;
}

/* Write what the peer takes without waiting; -1 when it is gone. */
static int
queue_flush(struct queue *q, int fd)
{
	ssize_t n;

	while (q->len > 0) {
		if ((n = send(fd, q->buf, q->len, MSG_NOSIGNAL | MSG_DONTWAIT)) == -1) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN ? 0 : -1;
		}
		memmove(q->buf, q->buf + n, q->len - (size_t)n);
		q->len -= (size_t)n;
	}
	return 0;
}

static void
log_open(struct mux *m)
{
	struct stat st;

	m->logfd = open(m->log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	m->logsize = m->logfd >= 0 && fstat(m->logfd, &st) == 0 ? st.st_size : 0;
}

/* Append to the console log; past its bound the log so far becomes console.log.old. */
static void
log_write(struct mux *m, const unsigned char *buf, size_t len)
{
	if (m->logfd >= 0 && m->logsize + (off_t)len > m->logmax && m->logsize > 0) {
		close(m->logfd);
		rename(m->log, m->old);
		log_open(m);
	}
	if (m->logfd >= 0 && write(m->logfd, buf, len) == (ssize_t)len)
		m->logsize += (off_t)len;
}

static void
send_frame(struct client *c, char type, const void *data, size_t len)
{
	unsigned char f[MUX_CHUNK + FRAME_HEADER];
	int n;

	if ((n = frame_encode(type, data, len, f, sizeof(f))) > 0 && queue_add(&c->out, f, (size_t)n) == -1) {
		/* Too far behind: let it go rather than hold everyone else up. */
		shutdown(c->fd, SHUT_RDWR);
	}
}

static void
note(struct client *c, const char *text)
{
	send_frame(c, CONSOLE_NOTE, text, strlen(text));
}

static void
drop_client(struct mux *m, int i)
{
	close(m->c[i].fd);
	free(m->c[i].r);
	free(m->c[i].out.buf);
	if (m->holder == i)
		m->holder = -1;
	else if (m->holder > i)
		m->holder--;
	memmove(&m->c[i], &m->c[i + 1], (size_t)(m->nc - i - 1) * sizeof(m->c[0]));
	m->nc--;
}

static void
accept_client(struct mux *m)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int fd;

	if ((fd = accept4(m->listen, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) == -1)
		return;
	/* Root only: ordinary users reach the console through hpvmconsoled, which checks them. */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1 || cred.uid != 0 ||
	    m->nc == MUX_CLIENTS) {
		close(fd);
		return;
	}
	memset(&m->c[m->nc], 0, sizeof(m->c[0]));
	m->c[m->nc].fd = fd;
	if ((m->c[m->nc].r = malloc(sizeof(*m->c[m->nc].r))) == NULL) {
		close(fd);
		return;
	}
	frame_reader_init(m->c[m->nc].r);
	m->nc++;
}

/* The keyboard goes to client `i`; whoever had it is told. */
static void
take(struct mux *m, int i)
{
	char text[128];

	if (m->holder == i)
		return;
	if (m->holder >= 0) {
		snprintf(text, sizeof(text), "[Console write access taken by %s.]", m->c[i].user);
		note(&m->c[m->holder], text);
	}
	m->holder = i;
	m->c[i].told = 0;
	note(&m->c[i], "[Console write access.]");
}

/* A name fit to show to others: what an account name may hold, and nothing else. */
static void
set_user(struct client *c, const char *hello)
{
	size_t i, n = 0;

	for (i = 0; hello[i] != '\0' && hello[i] != ' ' && n < sizeof(c->user) - 1; i++)
		if (isalnum((unsigned char)hello[i]) || strchr("._-", hello[i]) != NULL)
			c->user[n++] = hello[i];
	c->user[n] = '\0';
	if (n == 0)
		strcpy(c->user, "root");
}

static void
client_frame(struct mux *m, int i, const struct frame *f)
{
	struct client *c = &m->c[i];
	char text[160];

	if (f->fd >= 0)
		close(f->fd);
	if (f->type == CONSOLE_HELLO && !c->hello) {
		c->hello = 1;
		set_user(c, f->data);
		if (strstr(f->data, " force") != NULL)
			take(m, i);
		return;
	}
	if (!c->hello)
		return;
	if (f->type == CONSOLE_TAKE) {
		take(m, i);
		return;
	}
	if (f->type != CONSOLE_DATA || f->len == 0)
		return;
	if (m->holder < 0)
		m->holder = i;		/* a free keyboard is the first typist's */
	if (m->holder == i) {
		if (queue_add(&m->to_guest, f->data, f->len) == -1)
			note(c, "[The guest is not reading its console; input dropped.]");
		return;
	}
	if (!c->told) {
		snprintf(text, sizeof(text), "[Read only: %s has the console. Use ^Ecf for console "
		    "write access.]", m->c[m->holder].user);
		note(c, text);
		c->told = 1;
	}
}

/* Read what a client sent; -1 when it is gone. */
static int
client_read(struct mux *m, int i)
{
	struct frame f;
	int rc;

	if ((rc = frame_fill(m->c[i].fd, m->c[i].r)) <= 0)
		return rc == -1 && errno == EAGAIN ? 0 : -1;
	while ((rc = frame_next(m->c[i].r, &f)) == 1)
		client_frame(m, i, &f);
	frame_reader_close(m->c[i].r);
	return rc;
}

/* The guest's output: to the log and to everyone attached. 0 at its end (QEMU went). */
static int
guest_read(struct mux *m)
{
	unsigned char buf[MUX_CHUNK];
	ssize_t n;
	int i;

	if ((n = read(m->guest, buf, sizeof(buf))) == -1)
		return errno == EAGAIN || errno == EINTR ? 1 : 0;
	if (n == 0)
		return 0;
	log_write(m, buf, (size_t)n);
	for (i = 0; i < m->nc; i++)
		if (m->c[i].hello)
			send_frame(&m->c[i], CONSOLE_DATA, buf, (size_t)n);
	return 1;
}

static void __attribute__((noreturn))
mux_run(struct mux *m)
{
	struct pollfd p[MUX_CLIENTS + 2];
	int i, n, running = 1;

	while (running) {
		p[0] = (struct pollfd){ .fd = m->guest,
		    .events = POLLIN | (m->to_guest.len > 0 ? POLLOUT : 0) };
		p[1] = (struct pollfd){ .fd = m->listen, .events = POLLIN };
		for (i = 0; i < m->nc; i++)
			p[i + 2] = (struct pollfd){ .fd = m->c[i].fd,
			    .events = POLLIN | (m->c[i].out.len > 0 ? POLLOUT : 0) };
		n = m->nc;
		if (poll(p, (nfds_t)n + 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR))
			running = guest_read(m);
		if ((p[0].revents & POLLOUT) && queue_flush(&m->to_guest, m->guest) == -1)
			running = 0;
		for (i = n - 1; i >= 0; i--) {
			int gone = (p[i + 2].revents & (POLLIN | POLLHUP | POLLERR)) &&
			    client_read(m, i) == -1;
			if (!gone && queue_flush(&m->c[i].out, m->c[i].fd) == -1)
				gone = 1;
			if (gone)
				drop_client(m, i);
		}
		if (p[1].revents & POLLIN)
			accept_client(m);
	}
	/* The guest is gone: what is queued still goes out, then everyone sees the end. */
	for (i = 0; i < m->nc; i++) {
		int fl = fcntl(m->c[i].fd, F_GETFL);
		fcntl(m->c[i].fd, F_SETFL, fl & ~O_NONBLOCK);
		queue_flush(&m->c[i].out, m->c[i].fd);
		close(m->c[i].fd);
	}
	if (m->logfd >= 0)
		fsync(m->logfd);
	_exit(0);
}

/* Keep exactly the multiplexer's descriptors: the supervisor's lock above all must not stay held here. */
static void
close_others(const struct mux *m)
{
	int fd;

	for (fd = 3; fd < 1024; fd++)
		if (fd != m->guest && fd != m->listen && fd != m->logfd)
			close(fd);
}

/*
 * Listen on the guest's console socket and start the multiplexer on `guest_fd` (hpvmapp's end
 * of the console pair; the caller closes its own copy). The multiplexer ends when the guest's
 * QEMU does. Its pid, or -1.
 */
pid_t
console_mux_spawn(const char *uuid, int guest_fd, struct hpvm_err *e)
{
	static struct mux m;
	struct hpvm_conf conf;
	char sock[HPVM_PATH_LEN];
	sigset_t none;
	pid_t pid;

	memset(&m, 0, sizeof(m));
	m.holder = -1;
	m.guest = guest_fd;
	conf_load(&conf, NULL);
	m.logmax = (off_t)conf_get_long(&conf, "HPVM_CONSOLE_LOG_KB", CONSOLE_LOG_KB_DEFAULT, 16,
	    1L << 22) * 1024;
	if (runtime_console_log_path(uuid, m.log, sizeof(m.log), e) == -1 ||
	    runtime_path(uuid, RT_CONSOLE, sock, sizeof(sock), e) == -1)
		return -1;
	snprintf(m.old, sizeof(m.old), "%s.old", m.log);
	if ((m.listen = sock_listen_unix(sock, 0600, e)) == -1)
		return -1;
	log_open(&m);
	if ((pid = fork()) == -1) {
		close(m.listen);
		if (m.logfd >= 0)
			close(m.logfd);
		return hpvm_fail(e, errno, "fork: %s", strerror(errno));
	}
	if (pid > 0) {
		close(m.listen);
		if (m.logfd >= 0)
			close(m.logfd);
		return pid;
	}
	close_others(&m);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_NAME, "hpvmapp-console");
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	fcntl(m.guest, F_SETFL, fcntl(m.guest, F_GETFL) | O_NONBLOCK);
	mux_run(&m);
}
