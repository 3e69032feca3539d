/* supervisor.c: hpvmapp's work: start and own one QEMU, follow its events, write the guest log, clean up when it ends. */
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/dir.h"
#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/monlog.h"
#include "base/path.h"
#include "base/uuid.h"
#include "model/guest.h"
#include "net/guest_nic.h"
#include "store/guest_store.h"
#include "vmm/accel.h"
#include "vmm/console_mux.h"
#include "vmm/firmware.h"
#include "vmm/guest_log.h"
#include "vmm/qemu_argv.h"
#include "vmm/qemu_host.h"
#include "vmm/qemu_user.h"
#include "vmm/qmp.h"
#include "vmm/runtime.h"
#include "vmm/supervisor.h"

/* How long QEMU may take to answer on its monitor after it was started. */
#define QEMU_START_TIMEOUT_MS	15000

struct app {
	char			uuid[UUID_STR_LEN + 1];
	char			name[GUEST_NAME_MAX + 1];
	char			rundir[HPVM_PATH_LEN];
	int			status_fd;
	enum supervisor_mode	mode;
	int			migrating;
	int			out_fd;		/* QEMU's stdout and stderr, for the guest log */
	char			out[4096];	/* a line of it not yet complete */
	size_t			outlen;
	int			crashed;	/* the guest reported a panic */
	int			stopping;	/* we were told to kill QEMU */
	int			up;		/* the start was reported done */
	pid_t			qemu;
	pid_t			mux;		/* the console multiplexer */
	struct qmp		qmp;
	struct runtime_info	ri;
};

static void
report(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Tell hpvmstart how the start went, once: "OK" or "ERR text". */
static void
report(struct app *a, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	if (a->status_fd < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (write(a->status_fd, line, (size_t)n) != n)
		(void)errno;
	close(a->status_fd);
	a->status_fd = -1;
}

/* What QEMU said last on its way out: its final line in the guest log (its stderr goes there). */
static void
qemu_last_words(const char *uuid, char *buf, size_t len)
{
	char path[HPVM_PATH_LEN], *text, *line, *p;

	buf[0] = '\0';
	if (path_build(path, sizeof(path), NULL, HPVM_UUIDS "/%s/log", uuid) == -1 ||
	    file_read_all(path, &text, NULL, NULL) == -1)
		return;
	for (line = NULL, p = text; (p = strstr(p, "qemu-system")) != NULL; p++)
		line = p;
	if (line != NULL) {
		line[strcspn(line, "\n")] = '\0';
		snprintf(buf, len, "%s", line);
	}
	free(text);
}

/* In the child: keep exactly QEMU's descriptors across exec, then become the QEMU user. */
static void __attribute__((noreturn))
exec_qemu(const struct qemu_argv *av, const struct qemu_host *h, const struct user_id *u,
    int logfd)
{
	int fds[1024], null;
	size_t i, n = qemu_host_fds(h, fds, sizeof(fds) / sizeof(fds[0]));
	sigset_t none;

	for (i = 0; i < n; i++)
		fcntl(fds[i], F_SETFD, 0);
	null = open("/dev/null", O_RDWR);
	dup2(null, 0);
	dup2(logfd, 1);
	dup2(logfd, 2);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (user_become(u) == -1) {
		dprintf(2, "hpvmapp: cannot become user %s to run QEMU: %s\n", u->name, strerror(errno));
		_exit(126);
	}
	/* QEMU must not outlive its supervisor; set after the change of user, which clears it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(125);
	execvp(av->v[0], av->v);
	dprintf(2, "hpvmapp: cannot run %s: %s\n", av->v[0], strerror(errno));
	_exit(127);
}

/*
 * QEMU's output reaches the guest log through us, a line at a time through the log writer,
 * so it rotates with the log and never lands in a rotated file.
 */
static void
qemu_output(struct app *a)
{
	char *nl;
	ssize_t n;

	while (a->out_fd >= 0) {
		n = read(a->out_fd, a->out + a->outlen, sizeof(a->out) - 1 - a->outlen);
		if (n == -1 && errno == EINTR)
			continue;
		if (n > 0)
			a->outlen += (size_t)n;
		while ((nl = memchr(a->out, '\n', a->outlen)) != NULL ||
		    a->outlen == sizeof(a->out) - 1) {
			size_t len = nl != NULL ? (size_t)(nl - a->out) : a->outlen;
			a->out[len] = '\0';
			guest_log(a->uuid, "%s", a->out);
			len += nl != NULL;
			memmove(a->out, a->out + len, a->outlen - len);
			a->outlen -= len;
		}
		if (n == 0 || (n == -1 && errno != EAGAIN)) {
			close(a->out_fd);
			a->out_fd = -1;
		}
		if (n <= 0)
			return;
	}
}

/* What QEMU still has to say once it is gone: read the pipe to its end. */
static void
qemu_output_drain(struct app *a)
{
	if (a->out_fd >= 0)
		fcntl(a->out_fd, F_SETFL, 0);
	qemu_output(a);
	if (a->outlen > 0) {
		a->out[a->outlen] = '\0';
		guest_log(a->uuid, "%s", a->out);
		a->outlen = 0;
	}
}

static int
spawn_qemu(struct app *a, const struct guest *g, const char *accel, struct hpvm_err *e)
{
	struct qemu_argv av = { 0 };
	struct user_id u;
	struct qemu_host h;
	int pfd[2] = { -1, -1 }, rc;

	if (qemu_user_lookup(&u, e) == -1)
		return -1;
	rc = qemu_host_describe(g, accel, &h, e) == 0 && qemu_host_open(g, &h, e) == 0 ? 0 : -1;
	h.incoming = a->mode == SUPERVISOR_INCOMING;
	if (rc == 0)
		rc = qemu_argv_build(g, &h, &av, e);
	if (rc == 0 && pipe2(pfd, O_CLOEXEC) == -1)
		rc = hpvm_fail(e, errno, "pipe: %s", strerror(errno));
	if (rc == 0 && (a->qemu = fork()) == -1) {
		rc = hpvm_fail(e, errno, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
	}
	if (rc == 0 && a->qemu == 0)
		exec_qemu(&av, &h, &u, pfd[1]);
	if (rc == 0) {
		close(pfd[1]);
		fcntl(pfd[0], F_SETFL, O_NONBLOCK);
		a->out_fd = pfd[0];
	}
	/* The console is shared and logged by a child of ours; QEMU's end is QEMU's alone. */
	if (rc == 0 && (a->mux = console_mux_spawn(g->uuid, h.console_peer, e)) == -1) {
		kill(a->qemu, SIGKILL);
		rc = -1;
	}
	qemu_host_free(&h);
	qemu_argv_free(&av);
	return rc;
}

static void
set_state(struct app *a, const char *state)
{
	snprintf(a->ri.state, sizeof(a->ri.state), "%s", state);
	runtime_state_write(a->uuid, &a->ri, NULL);
}

static int
query_running(struct app *a, struct hpvm_err *e)
{
	json_object *ret = NULL, *st;

	if (qmp_execute(&a->qmp, "query-status", NULL, &ret, e) == -1)
		return -1;
	set_state(a, json_object_object_get_ex(ret, "status", &st) ?
	    runtime_state_name(json_object_get_string(st)) : "On (OS)");
	json_object_put(ret);
	return 0;
}

/* A migration moving the guest away (or to us): "Migrating" while it goes, as it was after a failure. */
static void
migration_event(struct app *a, const char *status)
{
	if (strcmp(status, "setup") == 0 || strcmp(status, "active") == 0) {
		if (!a->migrating)
			set_state(a, "Migrating");
		a->migrating = 1;
	} else if (strcmp(status, "failed") == 0 || strcmp(status, "cancelled") == 0) {
		a->migrating = 0;
		query_running(a, NULL);
	}
}

static void
handle_event(struct app *a, json_object *msg)
{
	json_object *ev, *data, *v;
	const char *name;

	if (!json_object_object_get_ex(msg, "event", &ev))
		return;
	name = json_object_get_string(ev);
	json_object_object_get_ex(msg, "data", &data);
	if (strcmp(name, "BLOCK_IO_ERROR") == 0) {
		json_object *dev, *op, *why;
		monlog_write("Guest '%s': I/O error on device %s (%s%s%s)", a->name,
		    data != NULL && json_object_object_get_ex(data, "qom-path", &dev) ?
		    json_object_get_string(dev) : "?",
		    data != NULL && json_object_object_get_ex(data, "operation", &op) ?
		    json_object_get_string(op) : "?",
		    data != NULL && json_object_object_get_ex(data, "reason", &why) ? ": " : "",
		    data != NULL && json_object_object_get_ex(data, "reason", &why) ?
		    json_object_get_string(why) : "");
	} else if (strcmp(name, "SHUTDOWN") == 0)
		guest_log(a->uuid, "guest shut down (%s)", data != NULL &&
		    json_object_object_get_ex(data, "reason", &v) ? json_object_get_string(v) : "?");
	else if (strcmp(name, "RESET") == 0)
		guest_log(a->uuid, "guest reset (reboot)");
	else if (strcmp(name, "STOP") == 0)
		set_state(a, a->migrating ? "Migrating" : "Paused");
	else if (strcmp(name, "RESUME") == 0) {
		a->migrating = 0;
		set_state(a, "On (OS)");
	} else if (strcmp(name, "MIGRATION") == 0 && data != NULL &&
	    json_object_object_get_ex(data, "status", &v))
		migration_event(a, json_object_get_string(v));
	else if (strcmp(name, "GUEST_PANICKED") == 0) {
		guest_log(a->uuid, "guest crashed (panic reported by the guest)");
		monlog_write("Guest '%s' crashed: the guest reported a panic", a->name);
		a->crashed = 1;
	} else if (strcmp(name, "POWERDOWN") == 0)
		guest_log(a->uuid, "ACPI power button pressed");
}

/* Events QEMU sent just before it exited (POWERDOWN, SHUTDOWN) belong in the log before the exit. */
static void
drain_events(struct app *a)
{
	json_object *msg;

	while (a->qmp.fd >= 0 && qmp_read(&a->qmp, &msg, 200) == 1) {
		handle_event(a, msg);
		json_object_put(msg);
	}
}

/* The guest log has the details; the host's monitor log one line: stopped, or crashed. */
static void
log_exit(struct app *a, int status)
{
	drain_events(a);
	qemu_output_drain(a);
	if (WIFEXITED(status)) {
		guest_log(a->uuid, "QEMU (pid %ld) exited with status %d", (long)a->qemu,
		    WEXITSTATUS(status));
		if (!a->up)
			;	/* a start that failed says so itself */
		else if (WEXITSTATUS(status) == 0 && !a->crashed)
			monlog_write("Guest '%s' stopped", a->name);
		else if (!a->crashed)
			monlog_write("Guest '%s' crashed: QEMU exited with status %d", a->name,
			    WEXITSTATUS(status));
	} else if (WIFSIGNALED(status)) {
		guest_log(a->uuid, "QEMU (pid %ld) killed by signal %d (%s)", (long)a->qemu,
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
		if (!a->up)
			;
		else if (a->stopping)
			monlog_write("Guest '%s' stopped (QEMU killed on request)", a->name);
		else
			monlog_write("Guest '%s' crashed: QEMU killed by signal %d (%s)", a->name,
			    WTERMSIG(status), strsignal(WTERMSIG(status)));
	}
}

/* Follow the guest until QEMU exits; SIGTERM to us pulls the guest's power (QEMU may be hung). */
static void
supervise(struct app *a, int sfd)
{
	struct signalfd_siginfo si;
	int status;

	for (;;) {
		struct pollfd p[3] = { { .fd = sfd, .events = POLLIN }, { .fd = a->out_fd, .events = POLLIN },
		    { .fd = a->qmp.fd, .events = POLLIN } };
		if (poll(p, a->qmp.fd >= 0 ? 3 : 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents & POLLIN) {
			if (read(sfd, &si, sizeof(si)) != sizeof(si))
				continue;
			if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
				guest_log(a->uuid, "hpvmapp asked to stop; killing QEMU");
				a->stopping = 1;
				kill(a->qemu, SIGKILL);
			}
			if (waitpid(a->qemu, &status, WNOHANG) == a->qemu) {
				log_exit(a, status);
				return;
			}
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR))
			qemu_output(a);
		if (a->qmp.fd >= 0 && (p[2].revents & (POLLIN | POLLHUP | POLLERR))) {
			json_object *msg;
			int r = qmp_read(&a->qmp, &msg, 0);
			if (r == 1) {
				handle_event(a, msg);
				json_object_put(msg);
			} else if (r == -1)
				qmp_close(&a->qmp);	/* QEMU is going; SIGCHLD follows */
		}
	}
}

static int
start(struct app *a, struct hpvm_err *e)
{
	struct hpvm_conf conf;
	struct guest g;
	const char *accel;
	char sock[HPVM_PATH_LEN];
	int rc, status;

	if (guest_store_load_uuid(a->uuid, CONFIG_CURRENT, &g, e) == -1)
		return -1;
	snprintf(a->name, sizeof(a->name), "%s", g.name);
	conf_load(&conf, NULL);
	rc = -1;
	if ((accel = accel_choose(conf_get(&conf, "HPVM_ACCEL", "auto"), e)) != NULL &&
	    firmware_nvram_prepare(&g, e) == 0 && spawn_qemu(a, &g, accel, e) == 0) {
		a->ri.app_pid = getpid();
		a->ri.qemu_pid = a->qemu;
		a->ri.started = time(NULL);
		guest_log(a->uuid, "guest '%s' %s: QEMU pid %ld, accel %s, %d vCPU, %d MB", g.name,
		    a->mode == SUPERVISOR_INCOMING ? "waiting for an incoming migration" : "started",
		    (long)a->qemu, accel, g.vcpus, g.memory_mb);
		set_state(a, a->mode == SUPERVISOR_INCOMING ? "Migrating" : "On (EFI)");
		rc = 0;
	}
	guest_free(&g);
	if (rc == -1)
		return -1;
	if (runtime_path(a->uuid, RT_QMP_APP, sock, sizeof(sock), e) == -1) {
		kill(a->qemu, SIGKILL);
		return -1;
	}
	/*
	 * The monitor's socket listens before QEMU runs, so the connection is made at once and
	 * QEMU's greeting says it is up; if QEMU dies first, the socket dies with it.
	 */
	if (qmp_connect(&a->qmp, sock, QEMU_START_TIMEOUT_MS, e) == 0) {
		hpvm_err_clear(e);
		return query_running(a, e);
	}
	/* A QEMU that died closed its monitor first: give it a moment to be reaped. */
	for (int i = 0; i < 20; i++) {
		if (waitpid(a->qemu, &status, WNOHANG) == a->qemu) {
			char why[256];
			log_exit(a, status);
			a->qemu = -1;
			hpvm_err_clear(e);
			qemu_last_words(a->uuid, why, sizeof(why));
			return hpvm_fail(e, EIO, "QEMU did not start%s%s", why[0] ? ": " : "; see the guest log.",
			    why);
		}
		usleep(50000);
	}
	kill(a->qemu, SIGKILL);
	return hpvm_fail(e, ETIMEDOUT, "QEMU did not open its monitor in time.");
}

/* QEMU is gone, so the multiplexer sees its console end: it logs the last output and exits. */
static void
reap_mux(struct app *a)
{
	int i, status;

	if (a->mux <= 0)
		return;
	for (i = 0; i < 40 && waitpid(a->mux, &status, WNOHANG) == 0; i++)
		usleep(50000);
	if (i == 40) {
		kill(a->mux, SIGKILL);
		waitpid(a->mux, &status, 0);
	}
	a->mux = -1;
}

/*
 * Run one guest until its QEMU exits. `status_fd` (or -1) gets one line for whoever started
 * us: "OK pid" once QEMU's monitor answers, or "ERR text". `lock_fd` is the claim hpvmstart
 * made (runtime_claim), or -1. Returns 0 after a guest ran, -1 if it could not start.
 */
int
supervisor_run(const char *uuid, enum supervisor_mode mode, int status_fd, int lock_fd)
{
	struct app a = { .status_fd = status_fd, .mode = mode, .out_fd = -1, .qemu = -1, .mux = -1,
	    .qmp = { .fd = -1 } };
	struct hpvm_err e = { 0 };
	sigset_t set;
	int sfd, lock = lock_fd, status;

	snprintf(a.uuid, sizeof(a.uuid), "%s", uuid);
	/* QEMU must not inherit the status pipe, or hpvmstart would wait for its end forever. */
	if (a.status_fd >= 0)
		fcntl(a.status_fd, F_SETFD, FD_CLOEXEC);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	/* hpvmstart claimed the guest and hands the claim over; run by hand, we claim it here. */
	if (runtime_path(a.uuid, RT_DIR, a.rundir, sizeof(a.rundir), &e) == -1 ||
	    (lock < 0 && (lock = runtime_claim(a.uuid, &e)) == -1)) {
		report(&a, "ERR %s", hpvm_err_first(&e));
		return -1;
	}
	fcntl(lock, F_SETFD, FD_CLOEXEC);
	if (start(&a, &e) == -1) {
		report(&a, "ERR %s", e.n > 0 ? e.msg[e.n - 1].text : "unknown error");
		if (a.qemu > 0)
			waitpid(a.qemu, &status, 0);
		reap_mux(&a);
		dir_remove_flat(a.rundir, NULL);
		return -1;
	}
	report(&a, "OK %ld", (long)a.qemu);
	monlog_write("Guest '%s' started: QEMU pid %ld", a.name, (long)a.qemu);
	a.up = 1;
	supervise(&a, sfd);
	qmp_close(&a.qmp);
	reap_mux(&a);
	guest_nic_unplug_all(a.uuid);
	dir_remove_flat(a.rundir, NULL);
	close(lock);
	return 0;
}
