/* guest_run.c: hpvmstart's checks and the hand-off to hpvmapp; hpvmstop and resets through QEMU's monitor. */
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "devdb.h"
#include "err.h"
#include "fsutil.h"
#include "guest.h"
#include "guest_run.h"
#include "guest_store.h"
#include "hostinfo.h"
#include "lock.h"
#include "paths.h"
#include "qmp.h"
#include "runtime.h"
#include "vswitch.h"

static void
problem(struct start_problems *p, const char *item, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(struct start_problems *p, const char *item, const char *fmt, ...)
{
	va_list ap;

	if (p->n == PROBLEMS_MAX)
		return;
	snprintf(p->item[p->n], sizeof(p->item[0]), "%s", item);
	va_start(ap, fmt);
	vsnprintf(p->text[p->n], sizeof(p->text[0]), fmt, ap);
	va_end(ap);
	p->n++;
}

int
guest_is_running(const char *uuid)
{
	struct runtime_info ri;

	runtime_query(uuid, &ri);
	return ri.running;
}

/* A backing store some other running guest holds. */
struct held {
	char	guest[GUEST_NAME_MAX + 1];
	char	location[LOCATION_MAX + 1];
	char	id[DEVDB_ID_LEN];
};

/* What every running guest but `self` holds, gathered once for all of a start's checks. */
static struct held *
held_by_running(const char *self, size_t *n)
{
	struct guest_list l;
	struct held *h = NULL;
	char uuid[UUID_STR_LEN + 1];
	size_t i, j;

	*n = 0;
	if (guest_list(&l, 0, NULL) == -1)
		return NULL;
	for (i = 0; i < l.n; i++) {
		struct guest o;
		if (strcmp(l.names[i], self) == 0 ||
		    guest_lookup(l.names[i], uuid, sizeof(uuid), NULL) == -1 || !guest_is_running(uuid) ||
		    guest_load(l.names[i], &o, NULL) == -1)
			continue;
		for (j = 0; j < o.ndevs; j++) {
			const struct device *d = &o.devs[j];
			struct held *nh;
			if (d->type == DEV_NETWORK || d->backing == BK_NULL ||
			    (nh = realloc(h, (*n + 1) * sizeof(*h))) == NULL)
				continue;
			h = nh;
			snprintf(h[*n].guest, sizeof(h[0].guest), "%s", o.name);
			snprintf(h[*n].location, sizeof(h[0].location), "%s", d->location);
			device_identity(d->location, h[*n].id, sizeof(h[0].id));
			(*n)++;
		}
		guest_free(&o);
	}
	guest_list_free(&l);
	return h;
}

/* Which of them uses `path`, under this name or another? */
static const char *
held_by(const struct held *h, size_t n, const char *path)
{
	char id[DEVDB_ID_LEN];
	size_t i;

	device_identity(path, id, sizeof(id));
	for (i = 0; i < n; i++)
		if (strcmp(h[i].location, path) == 0 || (id[0] && strcmp(h[i].id, id) == 0))
			return h[i].guest;
	return NULL;
}

static long
host_available_mb(void)
{
	char *text, *p;
	long kb = -1;

	if (file_read_all("/proc/meminfo", &text, NULL, NULL) == -1)
		return -1;
	if ((p = strstr(text, "MemAvailable:")) != NULL)
		kb = strtol(p + 13, NULL, 10);
	free(text);
	return kb < 0 ? -1 : kb / 1024;
}

/* Everything that would stop the guest on this host now. */
static void
start_checks(const struct guest *g, struct devdb *db, struct start_problems *p)
{
	long avail = host_available_mb();
	size_t i, nheld;
	struct held *held = held_by_running(g->name, &nheld);
	const char *who;

	if (g->vcpus > host_ncpus())
		problem(p, "guest", "The guest has %d virtual CPUs; the host has %d.", g->vcpus,
		    host_ncpus());
	if (avail >= 0 && g->memory_mb > avail)
		problem(p, "guest", "The guest needs %d MB of memory; the host has %ld MB available.",
		    g->memory_mb, avail);
	if (g->boot_kernel[0] != '\0' && access(g->boot_kernel, R_OK) == -1)
		problem(p, g->boot_kernel, "Boot kernel %s cannot be read.", g->boot_kernel);
	if (g->boot_initrd[0] != '\0' && access(g->boot_initrd, R_OK) == -1)
		problem(p, g->boot_initrd, "Boot initrd %s cannot be read.", g->boot_initrd);
	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		struct hpvm_err re = { 0 };
		if (d->type == DEV_NETWORK && !vswitch_exists(d->location))
			problem(p, d->location, "The vswitch %s does not exist.", d->location);
		if (d->type == DEV_NETWORK || d->backing == BK_NULL)
			continue;
		if (access(d->location, F_OK) == -1) {
			problem(p, d->location, "Backing store %s for %s does not exist.", d->location,
			    devtype_name(d->type));
			continue;
		}
		if (devdb_reserve_device(db, d, g->name, &re) == -1)
			problem(p, d->location, "%s", re.msg[0].text);
		else if (d->type != DEV_DVD && (who = held_by(held, nheld, d->location)) != NULL)
			problem(p, d->location, "Device %s is in use by running guest '%s'.", d->location,
			    who);
	}
	free(held);
}

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

/* Start hpvmapp in its own session and wait for its verdict. */
static int
spawn_app(const char *uuid, struct hpvm_err *e)
{
	char app[PATH_MAX], line[1024];
	int pfd[2], status;
	ssize_t n, got = 0;
	pid_t pid;

	if (lbin_path("hpvmapp", app, sizeof(app)) == -1)
		return hpvm_fail(e, ENOENT, "Unable to locate hpvmapp.");
	if (pipe2(pfd, O_CLOEXEC) == -1)
		return hpvm_fail(e, errno, "pipe: %s", strerror(errno));
	if ((pid = fork()) == -1)
		return hpvm_fail(e, errno, "fork: %s", strerror(errno));
	if (pid == 0) {
		/* Detach twice so hpvmapp is nobody's child but init's and outlives this command. */
		setsid();
		if (fork() != 0)
			_exit(0);
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		dup2(pfd[1], 3);
		for (int fd = 4; fd < 1024; fd++)
			close(fd);
		execl(app, "hpvmapp", "-u", uuid, "-s", "3", (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	waitpid(pid, &status, 0);
	while (got < (ssize_t)sizeof(line) - 1 && memchr(line, '\n', (size_t)got) == NULL &&
	    (n = read(pfd[0], line + got, sizeof(line) - 1 - (size_t)got)) > 0)
		got += n;
	close(pfd[0]);
	line[got] = '\0';
	line[strcspn(line, "\n")] = '\0';
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
	char path[HPVM_PATH_LEN];
	struct guest next;

	if (!guest_has_slot(uuid, CONFIG_NEXT))
		return 0;
	if (guest_load_slot(name, CONFIG_NEXT, &next, e) == -1)
		return -1;
	if (guest_save(&next, CONFIG_CURRENT, e) == -1) {
		guest_free(&next);
		return -1;
	}
	hpvm_path(path, sizeof(path), HPVM_UUIDS "/%s/vmm_config.next", uuid);
	unlink(path);
	struct devdb db;
	if (devdb_load(&db, NULL) == 0) {
		devdb_release_guest(&db, name, &next);
		devdb_save(&db, NULL);
		devdb_free(&db);
	}
	guest_free(g);
	*g = next;
	guest_log(uuid, "pending configuration changes applied");
	return 0;
}

/* hpvmstart. Problems go to `p` (the command prints HP's block); other failures to `e`. */
int
guest_start(const char *name, int force, struct start_problems *p, struct hpvm_err *e)
{
	struct guest g;
	struct devdb db;
	int lk, rc = -1;

	memset(p, 0, sizeof(*p));
	if ((lk = lock_global(LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if (guest_load(name, &g, e) == -1)
		goto out_lock;
	runtime_reap_stale(g.uuid);
	if (guest_is_running(g.uuid)) {
		hpvm_fail(e, EBUSY, "The guest is already running.");
		goto out_g;
	}
	if (apply_next(name, g.uuid, &g, e) == -1)
		goto out_g;
	if (!g.runnable) {
		hpvm_fail(e, EPERM, "The guest is not runnable (runnable_status is disabled).");
		goto out_g;
	}
	if (devdb_load(&db, e) == -1)
		goto out_g;
	start_checks(&g, &db, p);
	devdb_free(&db);
	if (p->n > 0 && !force)
		goto out_g;
	if (guest_ports_plug(&g, e) == -1)
		goto out_g;
	if ((rc = spawn_app(g.uuid, e)) == -1)
		guest_ports_unplug(g.uuid);
out_g:
	guest_free(&g);
out_lock:
	lock_release(lk);
	return rc;
}

/* Wait up to `seconds` for the supervisor to go; 0 once it has. */
int
guest_wait_stopped(const char *uuid, int seconds)
{
	long waited;

	for (waited = 0; waited <= seconds * 20L; waited++) {
		if (!guest_is_running(uuid))
			return 0;
		usleep(50000);
	}
	return -1;
}

/* The UUID of a guest that runs, or -1 with the reason. */
static int
running_uuid(const char *name, char *uuid, struct hpvm_err *e)
{
	if (guest_lookup(name, uuid, UUID_STR_LEN + 1, e) == -1)
		return -1;
	if (!guest_is_running(uuid))
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
	runtime_path(uuid, RT_QMP, sock, sizeof(sock));
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
guest_stop(const char *name, enum stop_mode mode, int wait_seconds, struct hpvm_err *e)
{
	char uuid[UUID_STR_LEN + 1];

	if (running_uuid(name, uuid, e) == -1)
		return -1;
	guest_log(uuid, mode == STOP_HARD ? "hard stop (hpvmstop -h)" :
	    "graceful stop requested (ACPI power button)");
	if (monitor_command(uuid, mode == STOP_HARD ? "quit" : "system_powerdown", e) == -1) {
		if (mode != STOP_HARD)
			return -1;
		/*
		 * "quit" may lose its answer as QEMU goes, and a hung QEMU may not answer at all:
		 * a hard stop must work then too, so the supervisor is told to kill QEMU.
		 */
		struct runtime_info ri;
		runtime_query(uuid, &ri);
		if (guest_wait_stopped(uuid, 2) == -1 && ri.app_pid > 0)
			kill(ri.app_pid, SIGTERM);
		if (guest_wait_stopped(uuid, 15) == -1)
			return -1;
		hpvm_err_clear(e);
		return 0;
	}
	if (mode == STOP_HARD)
		return guest_wait_stopped(uuid, 15) == 0 ? 0 :
		    hpvm_fail(e, ETIMEDOUT, "QEMU did not exit after the stop request.");
	if (guest_wait_stopped(uuid, wait_seconds) == -1)
		return hpvm_fail(e, ETIMEDOUT, "The guest did not stop within %d seconds; use "
		    "hpvmstop -F -h to turn it off.", wait_seconds);
	return 0;
}

/* Console "pc -cycle": reset the guest's hardware. */
int
guest_reset(const char *name, struct hpvm_err *e)
{
	char uuid[UUID_STR_LEN + 1];

	if (running_uuid(name, uuid, e) == -1 || monitor_command(uuid, "system_reset", e) == -1)
		return -1;
	guest_log(uuid, "power cycle (reset) from the console");
	return 0;
}
