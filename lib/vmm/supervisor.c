/* supervisor.c: hpvmapp's work: start and own one QEMU, follow its events, write the guest log, clean up when it ends. */
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
#include "vmm/supervisor_watch.h"

/* How long QEMU may take to answer on its monitor after it was started. */
#define QEMU_START_TIMEOUT_MS	15000

struct app {
	struct supervisor_watch	w;
	char			rundir[HPVM_PATH_LEN];
	int			status_fd;
	enum supervisor_mode	mode;
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
	if (rc == 0 && (a->w.qemu = fork()) == -1) {
		rc = hpvm_fail(e, errno, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
	}
	if (rc == 0 && a->w.qemu == 0)
		exec_qemu(&av, &h, &u, pfd[1]);
	if (rc == 0) {
		close(pfd[1]);
		fcntl(pfd[0], F_SETFL, O_NONBLOCK);
		a->w.out_fd = pfd[0];
	}
	/* The console is shared and logged by a child of ours; QEMU's end is QEMU's alone. */
	if (rc == 0 && (a->w.mux = console_mux_spawn(g->uuid, h.console_peer, e)) == -1) {
		kill(a->w.qemu, SIGKILL);
		rc = -1;
	}
	qemu_host_free(&h);
	qemu_argv_free(&av);
	return rc;
}

static int
start(struct app *a, struct hpvm_err *e)
{
	struct hpvm_conf conf;
	struct guest g;
	const char *accel;
	char sock[HPVM_PATH_LEN];
	int rc, status;

	if (guest_store_load_uuid(a->w.uuid, CONFIG_CURRENT, &g, e) == -1)
		return -1;
	snprintf(a->w.name, sizeof(a->w.name), "%s", g.name);
	conf_load(&conf, NULL);
	rc = -1;
	if ((accel = accel_choose(conf_get(&conf, "HPVM_ACCEL", "auto"), e)) != NULL &&
	    firmware_nvram_prepare(&g, e) == 0 && spawn_qemu(a, &g, accel, e) == 0) {
		a->w.ri.app_pid = getpid();
		a->w.ri.qemu_pid = a->w.qemu;
		a->w.ri.started = time(NULL);
		guest_log(a->w.uuid, "guest '%s' %s: QEMU pid %ld, accel %s, %d vCPU, %d MB", g.name,
		    a->mode == SUPERVISOR_INCOMING ? "waiting for an incoming migration" : "started",
		    (long)a->w.qemu, accel, g.vcpus, g.memory_mb);
		supervisor_watch_state(&a->w, a->mode == SUPERVISOR_INCOMING ? "Migrating" : "On (EFI)");
		rc = 0;
	}
	guest_free(&g);
	if (rc == -1)
		return -1;
	if (runtime_path(a->w.uuid, RT_QMP_APP, sock, sizeof(sock), e) == -1) {
		kill(a->w.qemu, SIGKILL);
		return -1;
	}
	/*
	 * The monitor's socket listens before QEMU runs, so the connection is made at once and
	 * QEMU's greeting says it is up; if QEMU dies first, the socket dies with it.
	 */
	if (qmp_connect(&a->w.qmp, sock, QEMU_START_TIMEOUT_MS, e) == 0) {
		hpvm_err_clear(e);
		return supervisor_watch_query(&a->w, e);
	}
	/* A QEMU that died closed its monitor first: give it a moment to be reaped. */
	for (int i = 0; i < 20; i++) {
		if (waitpid(a->w.qemu, &status, WNOHANG) == a->w.qemu) {
			char why[256];
			supervisor_watch_exited(&a->w, status);
			a->w.qemu = -1;
			hpvm_err_clear(e);
			qemu_last_words(a->w.uuid, why, sizeof(why));
			return hpvm_fail(e, EIO, "QEMU did not start%s%s", why[0] ? ": " : "; see the guest log.",
			    why);
		}
		usleep(50000);
	}
	kill(a->w.qemu, SIGKILL);
	return hpvm_fail(e, ETIMEDOUT, "QEMU did not open its monitor in time.");
}

/*
 * QEMU runs: hand the watch to hpvmmon, which holds only what a running guest needs (QMP,
 * QEMU's output, the logs, the state file), by exec in this same process: the same pid, QEMU
 * and the console multiplexer still its children, the claim's lock, the monitor's socket and
 * QEMU's output pipe kept open. Returns only if that failed.
 */
static void
handover(struct app *a, int lock)
{
	char self[PATH_MAX], mon[PATH_MAX], qemu[24], mux[24], qmp[16], out[16], lk[16], started[24];
	const int keep[] = { a->w.qmp.fd, a->w.out_fd, lock };
	char *argv[24];
	json_object *msg;
	ssize_t n;
	size_t i, k = 0;

	/* What already came in is handled here: hpvmmon starts with empty buffers. */
	while (a->w.qmp.len > 0 && qmp_read(&a->w.qmp, &msg, 0) == 1) {
		supervisor_watch_event(&a->w, msg);
		json_object_put(msg);
	}
	supervisor_watch_output_flush(&a->w);
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) <= 0)
		return;
	self[n] = '\0';
	*strrchr(self, '/') = '\0';
	if (snprintf(mon, sizeof(mon), "%s/hpvmmon", self) >= (int)sizeof(mon))
		return;
	snprintf(qemu, sizeof(qemu), "%ld", (long)a->w.qemu);
	snprintf(mux, sizeof(mux), "%ld", (long)a->w.mux);
	snprintf(qmp, sizeof(qmp), "%d", a->w.qmp.fd);
	snprintf(out, sizeof(out), "%d", a->w.out_fd);
	snprintf(lk, sizeof(lk), "%d", lock);
	snprintf(started, sizeof(started), "%ld", (long)a->w.ri.started);
	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (keep[i] >= 0)
			fcntl(keep[i], F_SETFD, 0);
	/* Named hpvmapp still: ps, pgrep and the administrator know the supervisor by that name. */
	argv[k++] = "hpvmapp";
	argv[k++] = "-u", argv[k++] = a->w.uuid;
	argv[k++] = "-n", argv[k++] = a->w.name;
	argv[k++] = "-q", argv[k++] = qemu;
	argv[k++] = "-x", argv[k++] = mux;
	argv[k++] = "-m", argv[k++] = qmp;
	argv[k++] = "-o", argv[k++] = out;
	argv[k++] = "-l", argv[k++] = lk;
	argv[k++] = "-t", argv[k++] = started;
	if (a->w.migrating)
		argv[k++] = "-M";
	if (a->w.crashed)
		argv[k++] = "-C";
	argv[k] = NULL;
	execv(mon, argv);
	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (keep[i] >= 0)
			fcntl(keep[i], F_SETFD, FD_CLOEXEC);
}

/*
 * After the guest ran: its taps go, then its runtime directory, then the claim (the guest
 * counts as running until this returns). hpvmmon runs this as "hpvmapp -c" once QEMU exited.
 */
void
supervisor_cleanup(const char *uuid, int lock_fd)
{
	char rundir[HPVM_PATH_LEN];

	guest_nic_unplug_all(uuid);
	if (runtime_path(uuid, RT_DIR, rundir, sizeof(rundir), NULL) == 0)
		dir_remove_flat(rundir, NULL);
	if (lock_fd >= 0)
		close(lock_fd);
}

/*
 * Run one guest until its QEMU exits. `status_fd` (or -1) gets one line for whoever started
 * us: "OK pid" once QEMU's monitor answers, or "ERR text". `lock_fd` is the claim hpvmstart
 * made (runtime_claim), or -1. Returns 0 after a guest ran, -1 if it could not start; once
 * QEMU is up the watch goes on in hpvmmon, which this process becomes.
 */
int
supervisor_run(const char *uuid, enum supervisor_mode mode, int status_fd, int lock_fd)
{
	struct app a = { .status_fd = status_fd, .mode = mode };
	struct hpvm_err e = { 0 };
	sigset_t set;
	int sfd, lock = lock_fd, status;

	supervisor_watch_init(&a.w);
	snprintf(a.w.uuid, sizeof(a.w.uuid), "%s", uuid);
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
	if (runtime_path(a.w.uuid, RT_DIR, a.rundir, sizeof(a.rundir), &e) == -1 ||
	    (lock < 0 && (lock = runtime_claim(a.w.uuid, &e)) == -1)) {
		report(&a, "ERR %s", hpvm_err_first(&e));
		return -1;
	}
	fcntl(lock, F_SETFD, FD_CLOEXEC);
	if (start(&a, &e) == -1) {
		report(&a, "ERR %s", e.n > 0 ? e.msg[e.n - 1].text : "unknown error");
		if (a.w.qemu > 0)
			waitpid(a.w.qemu, &status, 0);
		supervisor_watch_reap_mux(&a.w);
		dir_remove_flat(a.rundir, NULL);
		return -1;
	}
	/* Logged before hpvmstart hears OK: once it returns, the host log says the guest started. */
	monlog_write("Guest '%s' started: QEMU pid %ld", a.w.name, (long)a.w.qemu);
	report(&a, "OK %ld", (long)a.w.qemu);
	a.w.up = 1;
	handover(&a, lock);
	supervisor_watch_run(&a.w, sfd);
	qmp_close(&a.w.qmp);
	supervisor_watch_reap_mux(&a.w);
	supervisor_cleanup(a.w.uuid, lock);
	return 0;
}
