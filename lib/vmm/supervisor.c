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
#include "base/path.h"
#include "base/uuid.h"
#include "model/guest.h"
#include "net/guest_nic.h"
#include "store/guest_store.h"
#include "vmm/accel.h"
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

/* Keep the console log from growing without bound: past 1 MB the previous boots go to console.log.old. */
static void
rotate_console_log(const char *uuid)
{
	char path[HPVM_PATH_LEN], old[HPVM_PATH_LEN + 8];
	struct stat st;

	if (runtime_console_log_path(uuid, path, sizeof(path), NULL) == -1 || stat(path, &st) == -1 ||
	    st.st_size < (1 << 20))
		return;
	snprintf(old, sizeof(old), "%s.old", path);
	rename(path, old);
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
	rotate_console_log(g->uuid);
	rc = qemu_host_describe(g, accel, &h, e) == 0 && qemu_host_open(g, &h, e) == 0 ?
	    qemu_argv_build(g, &h, &av, e) : -1;
	if (rc == 0 && (logfd = open(logpath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640)) == -1)
		rc = hpvm_fail(e, errno, "Unable to open %s: %s", logpath, strerror(errno));
	if (rc == 0 && (a->w.qemu = fork()) == -1) {
		rc = hpvm_fail(e, errno, "fork: %s", strerror(errno));
		close(logfd);
	}
	if (rc == 0 && a->w.qemu == 0)
		exec_qemu(&av, &h, &u, logfd);
	if (rc == 0)
		close(logfd);
	qemu_host_free(&h);
	qemu_argv_free(&av);
	return rc;
}

static int
query_running(struct app *a, struct hpvm_err *e)
{
	json_object *ret = NULL, *st;

	if (qmp_execute(&a->w.qmp, "query-status", NULL, &ret, e) == -1)
		return -1;
	supervisor_watch_state(&a->w, json_object_object_get_ex(ret, "status", &st) ?
	    runtime_state_name(json_object_get_string(st)) : "On (OS)");
	json_object_put(ret);
	return 0;
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
	conf_load(&conf, NULL);
	rc = -1;
	if ((accel = accel_choose(conf_get(&conf, "HPVM_ACCEL", "auto"), e)) != NULL &&
	    firmware_nvram_prepare(&g, e) == 0 && spawn_qemu(a, &g, accel, e) == 0) {
		a->w.ri.app_pid = getpid();
		a->w.ri.qemu_pid = a->w.qemu;
		a->w.ri.started = time(NULL);
		guest_log(a->w.uuid, "guest '%s' started: QEMU pid %ld, accel %s, %d vCPU, %d MB",
		    g.name, (long)a->w.qemu, accel, g.vcpus, g.memory_mb);
		supervisor_watch_state(&a->w, "On (EFI)");
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
		return query_running(a, e);
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
 * the guest log, the state file), by exec in this same process: the same pid, QEMU still its
 * child, the claim's lock and the monitor's socket kept open. Returns only if that failed.
 */
static void
handover(struct app *a, int lock)
{
	char self[PATH_MAX], mon[PATH_MAX], qemu[24], qmp[16], lk[16], started[24];
	json_object *msg;
	ssize_t n;

	/* Events that already came in are handled here: hpvmmon starts with an empty buffer. */
	while (a->w.qmp.len > 0 && qmp_read(&a->w.qmp, &msg, 0) == 1) {
		supervisor_watch_event(&a->w, msg);
		json_object_put(msg);
	}
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) <= 0)
		return;
	self[n] = '\0';
	*strrchr(self, '/') = '\0';
	if (snprintf(mon, sizeof(mon), "%s/hpvmmon", self) >= (int)sizeof(mon))
		return;
	snprintf(qemu, sizeof(qemu), "%ld", (long)a->w.qemu);
	snprintf(qmp, sizeof(qmp), "%d", a->w.qmp.fd);
	snprintf(lk, sizeof(lk), "%d", lock);
	snprintf(started, sizeof(started), "%ld", (long)a->w.ri.started);
	fcntl(a->w.qmp.fd, F_SETFD, 0);
	fcntl(lock, F_SETFD, 0);
	/* Named hpvmapp still: ps, pgrep and the administrator know the supervisor by that name. */
	execl(mon, "hpvmapp", "-u", a->w.uuid, "-q", qemu, "-m", qmp, "-l", lk, "-t", started,
	    (char *)NULL);
	fcntl(a->w.qmp.fd, F_SETFD, FD_CLOEXEC);
	fcntl(lock, F_SETFD, FD_CLOEXEC);
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
supervisor_run(const char *uuid, int status_fd, int lock_fd)
{
	struct app a = { .status_fd = status_fd, .w = { .qemu = -1, .qmp = { .fd = -1 } } };
	struct hpvm_err e = { 0 };
	sigset_t set;
	int sfd, lock = lock_fd, status;

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
		dir_remove_flat(a.rundir, NULL);
		return -1;
	}
	report(&a, "OK %ld", (long)a.w.qemu);
	handover(&a, lock);
	supervisor_watch_run(&a.w, sfd);
	qmp_close(&a.w.qmp);
	supervisor_cleanup(a.w.uuid, lock);
	return 0;
}
