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
	char			rundir[HPVM_PATH_LEN];
	int			status_fd;
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
exec_qemu(const struct qemu_argv *av, const struct qemu_host *h, const struct qemu_user *u,
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
	if (qemu_user_become(u) == -1) {
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

static int
spawn_qemu(struct app *a, const struct guest *g, const char *accel, struct hpvm_err *e)
{
	char logpath[HPVM_PATH_LEN];
	struct qemu_argv av = { 0 };
	struct qemu_user u;
	struct qemu_host h;
	int logfd, rc;

	if (path_build(logpath, sizeof(logpath), e, HPVM_UUIDS "/%s/log", g->uuid) == -1 ||
	    qemu_user_lookup(&u, e) == -1)
		return -1;
	rc = qemu_host_describe(g, accel, &h, e) == 0 && qemu_host_open(g, &h, e) == 0 ?
	    qemu_argv_build(g, &h, &av, e) : -1;
	if (rc == 0 && (logfd = open(logpath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640)) == -1)
		rc = hpvm_fail(e, errno, "Unable to open %s: %s", logpath, strerror(errno));
	if (rc == 0 && (a->qemu = fork()) == -1) {
		rc = hpvm_fail(e, errno, "fork: %s", strerror(errno));
		close(logfd);
	}
	if (rc == 0 && a->qemu == 0)
		exec_qemu(&av, &h, &u, logfd);
	if (rc == 0)
		close(logfd);
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

static void
handle_event(struct app *a, json_object *msg)
{
	json_object *ev, *data, *v;
	const char *name;

	if (!json_object_object_get_ex(msg, "event", &ev))
		return;
	name = json_object_get_string(ev);
	json_object_object_get_ex(msg, "data", &data);
	if (strcmp(name, "SHUTDOWN") == 0)
		guest_log(a->uuid, "guest shut down (%s)", data != NULL &&
		    json_object_object_get_ex(data, "reason", &v) ? json_object_get_string(v) : "?");
	else if (strcmp(name, "RESET") == 0)
		guest_log(a->uuid, "guest reset (reboot)");
	else if (strcmp(name, "STOP") == 0)
		set_state(a, "Paused");
	else if (strcmp(name, "RESUME") == 0)
		set_state(a, "On (OS)");
	else if (strcmp(name, "GUEST_PANICKED") == 0)
		guest_log(a->uuid, "guest crashed (panic reported by the guest)");
	else if (strcmp(name, "POWERDOWN") == 0)
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

static void
log_exit(struct app *a, int status)
{
	drain_events(a);
	if (WIFEXITED(status))
		guest_log(a->uuid, "QEMU (pid %ld) exited with status %d", (long)a->qemu,
		    WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		guest_log(a->uuid, "QEMU (pid %ld) killed by signal %d (%s)", (long)a->qemu,
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
}

/* Follow the guest until QEMU exits; SIGTERM to us pulls the guest's power (QEMU may be hung). */
static void
supervise(struct app *a, int sfd)
{
	struct signalfd_siginfo si;
	int status;

	for (;;) {
		struct pollfd p[2] = { { .fd = sfd, .events = POLLIN }, { .fd = a->qmp.fd, .events = POLLIN } };
		if (poll(p, a->qmp.fd >= 0 ? 2 : 1, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents & POLLIN) {
			if (read(sfd, &si, sizeof(si)) != sizeof(si))
				continue;
			if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
				guest_log(a->uuid, "hpvmapp asked to stop; killing QEMU");
				kill(a->qemu, SIGKILL);
			}
			if (waitpid(a->qemu, &status, WNOHANG) == a->qemu) {
				log_exit(a, status);
				return;
			}
		}
		if (a->qmp.fd >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
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
	conf_load(&conf, NULL);
	rc = -1;
	if ((accel = accel_choose(conf_get(&conf, "HPVM_ACCEL", "auto"), e)) != NULL &&
	    firmware_nvram_prepare(&g, e) == 0 && spawn_qemu(a, &g, accel, e) == 0) {
		a->ri.app_pid = getpid();
		a->ri.qemu_pid = a->qemu;
		a->ri.started = time(NULL);
		guest_log(a->uuid, "guest '%s' started: QEMU pid %ld, accel %s, %d vCPU, %d MB",
		    g.name, (long)a->qemu, accel, g.vcpus, g.memory_mb);
		set_state(a, "On (EFI)");
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
supervisor_run(const char *uuid, int status_fd, int lock_fd)
{
	struct app a = { .status_fd = status_fd, .qemu = -1, .mux = -1, .qmp = { .fd = -1 } };
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
	supervise(&a, sfd);
	qmp_close(&a.qmp);
	reap_mux(&a);
	guest_nic_unplug_all(a.uuid);
	dir_remove_flat(a.rundir, NULL);
	close(lock);
	return 0;
}
