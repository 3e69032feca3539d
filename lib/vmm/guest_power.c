/* guest_power.c: start a guest under its supervisor, hpvmapp; stop and reset it through QEMU's monitor. */
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/monlog.h"
#include "base/path.h"
#include "model/cluster_mark.h"
#include "model/guest.h"
#include "model/guest_index.h"
#include "net/guest_nic.h"
#include "store/devdb.h"
#include "store/devdb_guest.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"
#include "vmm/guest_log.h"
#include "vmm/guest_power.h"
#include "vmm/qmp.h"
#include "vmm/runtime.h"
#include "vmm/start_check.h"

static int
lbin_path(const char *prog, char *buf, size_t len)
{
	const char *env = getenv("HPVM_LBIN");
	char self[PATH_MAX];
	ssize_t n;

	if (env != NULL && *env != '\0')
		return snprintf(buf, len, "%s/%s", env, prog) >= (int)len ? -1 : 0;
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) == -1)
		return -1;
	self[n] = '\0';
	*strrchr(self, '/') = '\0';
	return snprintf(buf, len, "%s/../lbin/%s", self, prog) >= (int)len ? -1 : 0;
}

/* hpvmapp's one line: "OK pid" or "ERR text", within `seconds`; -1 if none came. */
static int
read_verdict(int fd, char *line, size_t len, int seconds)
{
	size_t got = 0;
	ssize_t n;

	while (got < len - 1 && memchr(line, '\n', got) == NULL) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int r = poll(&p, 1, seconds * 1000);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0 || (n = read(fd, line + got, len - 1 - got)) <= 0)
			break;
		got += (size_t)n;
	}
	line[got] = '\0';
	if (memchr(line, '\n', got) == NULL)
		return -1;
	line[strcspn(line, "\n")] = '\0';
	return 0;
}

/*
 * Start hpvmapp in its own session, hand it the claim (`lock_fd`), and wait a bounded time for
 * its verdict: a supervisor that never answers is stopped, and the start reported failed.
 */
static int
spawn_app(const char *uuid, int lock_fd, enum guest_power_launch how, int timeout,
    struct hpvm_err *e)
{
	char app[PATH_MAX], line[1024];
	int pfd[2], status;
	pid_t pid;

	if (lbin_path("hpvmapp", app, sizeof(app)) == -1)
		return hpvm_fail(e, ENOENT, "Unable to locate hpvmapp.");
	if (pipe2(pfd, O_CLOEXEC) == -1)
		return hpvm_fail(e, errno, "pipe: %s", strerror(errno));
	if ((pid = fork()) == -1) {
		int saved = errno;
		close(pfd[0]);
		close(pfd[1]);
		return hpvm_fail(e, saved, "fork: %s", strerror(saved));
	}
	if (pid == 0) {
		/* Detach twice so hpvmapp is nobody's child but init's and outlives this command. */
		setsid();
		if (fork() != 0)
			_exit(0);
		/* Out of the way first: either may be 3 or 4 already. */
		int status_w = fcntl(pfd[1], F_DUPFD, 10), lock = fcntl(lock_fd, F_DUPFD, 10);
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		dup2(status_w, 3);
		dup2(lock, 4);
		for (int fd = 5; fd < 1024; fd++)
			close(fd);
		if (how == GUEST_LAUNCH_INCOMING)
			execl(app, "hpvmapp", "-u", uuid, "-i", "-s", "3", "-l", "4", (char *)NULL);
		else
			execl(app, "hpvmapp", "-u", uuid, "-s", "3", "-l", "4", (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	waitpid(pid, &status, 0);
	if (read_verdict(pfd[0], line, sizeof(line), timeout) == -1) {
		struct runtime_info ri;
		close(pfd[0]);
		/* The supervisor took too long or died without a word: end it, and its QEMU. */
		runtime_query(uuid, &ri);
		if (ri.app_pid > 0)
			kill(ri.app_pid, SIGTERM);
		return hpvm_fail(e, ETIMEDOUT, "hpvmapp (%s) did not report the guest started within %d "
		    "seconds (HPVM_START_WAIT).", app, timeout);
	}
	close(pfd[0]);
	if (strncmp(line, "OK", 2) == 0)
		return 0;
	if (strncmp(line, "ERR ", 4) == 0)
		return hpvm_fail(e, EIO, "%s", line + 4);
	return hpvm_fail(e, EIO, "hpvmapp (%s) failed before it could say why.", app);
}

/* Pending changes become the configuration the guest starts with. */
static int
apply_next(const char *name, const char *uuid, struct guest *g, struct hpvm_err *e)
{
	struct guest next;

	if (!guest_store_has_slot(uuid, CONFIG_NEXT))
		return 0;
	if (guest_store_load_slot(name, CONFIG_NEXT, &next, e) == -1)
		return -1;
	if (guest_store_save(&next, CONFIG_CURRENT, e) == -1) {
		guest_free(&next);
		return -1;
	}
	guest_store_drop_slot(uuid, CONFIG_NEXT);
	struct devdb db;
	if (devdb_load(&db, NULL) == 0) {
		devdb_guest_release(&db, name, &next);
		devdb_save(&db, NULL);
		devdb_free(&db);
	}
	guest_free(g);
	*g = next;
	guest_log(uuid, "pending configuration changes applied");
	return 0;
}

/*
 * Under the global lock: everything that decides whether the guest may start, and the
 * reservations it starts with (the claim on the guest, its taps and ports). The claim's
 * descriptor for guest_power_launch(), or -1 and nothing taken if it may not start. `g`
 * (initialized by the caller, freed by it) gets the configuration it starts with.
 */
int
guest_power_reserve(const char *name, enum guest_power_check check, struct guest *g,
    struct start_problems *p, struct hpvm_err *e)
{
	struct guest_index ix;
	struct devdb db;
	int lk, claim = -1, pending;

	if ((lk = runtime_lock_scan(&ix, NULL, e)) == -1)
		return -1;
	if (guest_store_load(name, g, e) == -1)
		goto out;
	runtime_reap_stale(g->uuid);
	if (runtime_is_running(g->uuid)) {
		hpvm_fail(e, EBUSY, "The guest is already running.");
		goto out;
	}
	pending = guest_store_has_slot(g->uuid, CONFIG_NEXT);
	if (apply_next(name, g->uuid, g, e) == -1)
		goto out;
	if (pending && guest_scan_put(&ix, g, NULL) == 0)
		guest_scan_save(&ix, NULL);
	if (!g->runnable) {
		hpvm_fail(e, EPERM, "The guest is not runnable (runnable_status is disabled).");
		goto out;
	}
	if (check == GUEST_POWER_CHECKED && cluster_mark_refuse(g, CLUSTER_ACT_START, e) == -1)
		goto out;
	if (devdb_load(&db, e) == -1)
		goto out;
	start_check_run(g, &db, p);
	devdb_free(&db);
	if (p->n > 0 && check != GUEST_POWER_FORCED)
		goto out;
	if ((claim = runtime_claim(g->uuid, e)) == -1)
		goto out;
	if (guest_nic_plug_all(g, e) == -1) {
		runtime_release(g->uuid, claim);
		claim = -1;
	}
out:
	guest_index_free(&ix);
	runtime_unlock(lk);
	if (claim == -1)
		monlog_write("Start of guest '%s' refused: %s", name, p->n > 0 ?
		    p->text[0] : e != NULL ? hpvm_err_first(e) : "?");
	return claim;
}

/*
 * The launch, under the guest's own lock: hand the claim to hpvmapp and wait (bounded) for
 * QEMU to come up. On failure the reservations go again. `g` stays the caller's.
 */
int
guest_power_launch(const struct guest *g, int claim, enum guest_power_launch how,
    struct hpvm_err *e)
{
	struct hpvm_conf conf;
	int glk, rc = -1;

	conf_load(&conf, NULL);
	if ((glk = lock_guest(g->uuid, LOCK_EXCL_MODE, e)) != -1) {
		rc = spawn_app(g->uuid, claim, how, (int)conf_get_long(&conf, "HPVM_START_WAIT", 60, 5, 3600), e);
		lock_release(glk);
	}
	close(claim);
	if (rc == -1) {
		guest_nic_unplug_all(g->uuid);
		runtime_reap_stale(g->uuid);
		monlog_write("Start of guest '%s' failed: %s", g->name,
		    e != NULL ? hpvm_err_first(e) : "?");
	}
	return rc;
}

/*
 * hpvmstart. Problems go to `p` (the command prints HP's block); other failures to `e`.
 * The global lock is held only to check and reserve; the launch (the accelerator probe, QEMU
 * coming up) runs under the guest's own lock, so other commands go on meanwhile.
 */
int
guest_power_on(const char *name, enum guest_power_check check, struct start_problems *p,
    struct hpvm_err *e)
{
	struct guest g;
	int claim, rc = -1;

	memset(p, 0, sizeof(*p));
	guest_init(&g);
	if ((claim = guest_power_reserve(name, check, &g, p, e)) != -1)
		rc = guest_power_launch(&g, claim, GUEST_LAUNCH_BOOT, e);
	guest_free(&g);
	return rc;
}

/* Wait up to `seconds` for the supervisor to go; 0 once it has. */
int
guest_power_wait_off(const char *uuid, int seconds)
{
	long waited;

	for (waited = 0; waited <= seconds * 20L; waited++) {
		if (!runtime_is_running(uuid))
			return 0;
		usleep(50000);
	}
	return -1;
}

/* The UUID of a guest that runs, or -1 with the reason. */
static int
running_uuid(const char *name, char *uuid, struct hpvm_err *e)
{
	if (guest_store_lookup(name, uuid, UUID_STR_LEN + 1, e) == -1)
		return -1;
	if (!runtime_is_running(uuid))
		return hpvm_fail(e, ESRCH, "The guest is not running.");
	return 0;
}

/* One monitor command on a running guest, under the guest lock (QEMU's monitor takes one client at a time). */
static int
monitor_command(const char *uuid, const char *cmd, struct hpvm_err *e)
{
	char sock[HPVM_PATH_LEN];
	struct qmp q;
	int lk, rc;

	if ((lk = lock_guest(uuid, LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if (runtime_path(uuid, RT_QMP, sock, sizeof(sock), e) == -1) {
		lock_release(lk);
		return -1;
	}
	rc = qmp_connect(&q, sock, 5000, e);
	if (rc == 0) {
		rc = qmp_execute(&q, cmd, NULL, NULL, e);
		qmp_close(&q);
	}
	lock_release(lk);
	return rc;
}

/* hpvmstop: hard is QEMU quitting at once; graceful is the ACPI power button and a bounded wait. */
int
guest_power_off(const char *name, enum guest_power_mode mode, int wait_seconds, struct hpvm_err *e)
{
	char uuid[UUID_STR_LEN + 1];

	if (running_uuid(name, uuid, e) == -1)
		return -1;
	guest_log(uuid, mode == GUEST_POWER_HARD ? "hard stop (hpvmstop -h)" :
	    "graceful stop requested (ACPI power button)");
	if (monitor_command(uuid, mode == GUEST_POWER_HARD ? "quit" : "system_powerdown", e) == -1) {
		if (mode != GUEST_POWER_HARD)
			return -1;
		/*
		 * "quit" may lose its answer as QEMU goes, and a hung QEMU may not answer at all:
		 * a hard stop must work then too, so the supervisor is told to kill QEMU.
		 */
		struct runtime_info ri;
		runtime_query(uuid, &ri);
		if (guest_power_wait_off(uuid, 2) == -1 && ri.app_pid > 0)
			kill(ri.app_pid, SIGTERM);
		if (guest_power_wait_off(uuid, 15) == -1)
			return -1;
		hpvm_err_clear(e);
		return 0;
	}
	if (mode == GUEST_POWER_HARD)
		return guest_power_wait_off(uuid, 15) == 0 ? 0 :
		    hpvm_fail(e, ETIMEDOUT, "QEMU did not exit after the stop request.");
	if (guest_power_wait_off(uuid, wait_seconds) == -1)
		return hpvm_fail(e, ETIMEDOUT, "The guest did not stop within %d seconds; use "
		    "hpvmstop -F -h to turn it off.", wait_seconds);
	return 0;
}

/* Console "pc -cycle": reset the guest's hardware. */
int
guest_power_cycle(const char *name, struct hpvm_err *e)
{
	char uuid[UUID_STR_LEN + 1];

	if (running_uuid(name, uuid, e) == -1 || monitor_command(uuid, "system_reset", e) == -1)
		return -1;
	guest_log(uuid, "power cycle (reset) from the console");
	return 0;
}
