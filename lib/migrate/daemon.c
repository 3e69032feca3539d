/*
 * daemon.c: hpvmmigrated. The main process (root) loads the site's certificate and key,
 * listens, and forks a session per connection (session.c), up to HPVM_MIGRATE_SESSIONS at
 * once; it reads nothing from the network itself. A session that dies by a signal has its
 * journal undone here; at start, so are the journals of sessions that died with a previous
 * daemon. SIGTERM ends the sessions, which undo their own unfinished migrations.
 */
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/monlog.h"
#include "base/path.h"
#include "migrate/daemon.h"
#include "migrate/journal.h"
#include "migrate/privsep.h"
#include "migrate/proto.h"
#include "migrate/session.h"
#include "migrate/tls.h"

#define DAEMON_MAX_SESSIONS	256

struct daemon {
	struct proto_conf	conf;
	struct privsep		ps;
	SSL_CTX			*ctx;
	int			listen_fd, sig_fd;
	pid_t			sessions[DAEMON_MAX_SESSIONS];
	int			nsessions;
};

static int
daemon_listen(const char *addr, int port, struct hpvm_err *e)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE }, *res, *ai;
	char service[16];
	int fd, on = 1, rc;

	snprintf(service, sizeof(service), "%d", port);
	if ((rc = getaddrinfo(addr, service, &hints, &res)) != 0)
		return hpvm_fail(e, EINVAL, "Unable to listen on %s: %s", addr ? addr : "*",
		    gai_strerror(rc));
	/* With no address, IPv6's wildcard takes IPv4 too where the host allows it. */
	for (ai = res; addr == NULL && ai != NULL && ai->ai_family != AF_INET6; ai = ai->ai_next)
		;
	if (ai == NULL)
		ai = res;
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd != -1)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (fd == -1 || bind(fd, ai->ai_addr, ai->ai_addrlen) == -1 || listen(fd, 16) == -1) {
		int saved = errno;
		if (fd != -1)
			close(fd);
		freeaddrinfo(res);
		return hpvm_fail(e, saved, "Unable to listen on port %d: %s", port, strerror(saved));
	}
	freeaddrinfo(res);
	return fd;
}

static void
daemon_forget(struct daemon *d, pid_t pid, int status)
{
	for (int i = 0; i < d->nsessions; i++)
		if (d->sessions[i] == pid) {
			d->sessions[i] = d->sessions[--d->nsessions];
			break;
		}
	/* A session that was killed could not undo its work; its journal says what to undo. */
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "hpvmmigrated: session %ld killed by signal %d; undoing what it left.\n",
		    (long)pid, WTERMSIG(status));
		journal_undo(pid);
	}
}

static void
daemon_reap(struct daemon *d)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		daemon_forget(d, pid, status);
}

static void
daemon_accept(struct daemon *d)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char host[NI_MAXHOST] = "?";
	sigset_t none;
	pid_t pid;
	int fd;

	if ((fd = accept4(d->listen_fd, (struct sockaddr *)&ss, &sl, SOCK_CLOEXEC)) == -1)
		return;
	getnameinfo((struct sockaddr *)&ss, sl, host, sizeof(host), NULL, 0, NI_NUMERICHOST);
	if (strncmp(host, "::ffff:", 7) == 0)		/* IPv4, as the IPv6 socket shows it */
		memmove(host, host + 7, strlen(host + 7) + 1);
	if (d->nsessions >= d->conf.sessions) {
		fprintf(stderr, "hpvmmigrated: refused %s: %d sessions already (HPVM_MIGRATE_SESSIONS).\n",
		    host, d->nsessions);
		close(fd);
		return;
	}
	tls_socket_tune(fd, d->conf.timeout_s);
	if ((pid = fork()) == 0) {
		close(d->listen_fd);
		close(d->sig_fd);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		_exit(session_run(d->ctx, fd, host, &d->ps, &d->conf) == 0 ? 0 : 1);
	}
	close(fd);
	if (pid > 0)
		d->sessions[d->nsessions++] = pid;
}

static int
daemon_setup(struct daemon *d, const struct daemon_opts *o, sigset_t *set, struct hpvm_err *e)
{
	char ssl[HPVM_PATH_LEN];

	proto_conf_load(&d->conf);
	if (o->port > 0)
		d->conf.port = o->port;
	if (privsep_prepare(&d->ps, e) == -1 || path_build(ssl, sizeof(ssl), e, HPVM_SSL_DIR) == -1 ||
	    (d->ctx = tls_context(ssl, TLS_SERVER, e)) == NULL)
		return -1;
	if ((d->listen_fd = daemon_listen(o->listen != NULL ? o->listen :
	    d->conf.listen[0] ? d->conf.listen : NULL, d->conf.port, e)) == -1)
		return -1;
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigprocmask(SIG_BLOCK, set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d->sig_fd = signalfd(-1, set, SFD_CLOEXEC);
	journal_undo_stale();
	return 0;
}

/* Runs until SIGTERM or SIGINT; -1 only if it could not start. */
int
daemon_run(const struct daemon_opts *o, struct hpvm_err *e)
{
	static struct daemon d;
	struct signalfd_siginfo si;
	sigset_t set;

	if (daemon_setup(&d, o, &set, e) == -1)
		return -1;
	fprintf(stderr, "hpvmmigrated: listening on port %d\n", d.conf.port);
	monlog_write("hpvmmigrated started, listening on port %d", d.conf.port);
	for (;;) {
		struct pollfd p[2] = { { .fd = d.listen_fd, .events = POLLIN }, { .fd = d.sig_fd, .events = POLLIN } };
		if (poll(p, 2, -1) == -1 && errno != EINTR)
			break;
		if ((p[1].revents & POLLIN) && read(d.sig_fd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)
				break;
			daemon_reap(&d);
		}
		if (p[0].revents & POLLIN)
			daemon_accept(&d);
	}
	close(d.listen_fd);
	for (int i = 0; i < d.nsessions; i++)
		kill(d.sessions[i], SIGTERM);
	while (d.nsessions > 0) {
		int status;
		pid_t pid = wait(&status);
		if (pid == -1)
			break;
		daemon_forget(&d, pid, status);
	}
	monlog_write("hpvmmigrated stopped");
	return 0;
}
