/* runtime.c: is a guest running? hpvmapp holds an flock on app.lock for its whole life, so a dead supervisor can never look alive. */
#include <sys/file.h>
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/dir.h"
#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/path.h"
#include "base/privs.h"
#include "net/guest_nic.h"
#include "model/guest_index.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"
#include "vmm/guest_log.h"
#include "vmm/runtime.h"

static const char *const rt_names[] = {
	[RT_DIR] = "", [RT_LOCK] = "/app.lock", [RT_STATE] = "/state",
	[RT_QMP_APP] = "/qmp-app.sock", [RT_QMP] = "/qmp.sock", [RT_CONSOLE] = "/console.sock",
	[RT_QMP_MON] = "/qmp-mon.sock",
};

/* The console log outlives the guest's run, so it lives with the configuration. */
int
runtime_console_log_path(const char *uuid, char *buf, size_t len, struct hpvm_err *e)
{
	return path_build(buf, len, e, HPVM_UUIDS "/%s/console.log", uuid);
}

int
runtime_path(const char *uuid, enum rt_file f, char *buf, size_t len, struct hpvm_err *e)
{
	return path_build(buf, len, e, HPVM_RUN "/%s%s", uuid, rt_names[f]);
}

/* The lock is held exactly while hpvmapp lives. */
static int
app_alive(const char *uuid)
{
	char path[HPVM_PATH_LEN];
	int fd, alive;

	if (runtime_path(uuid, RT_LOCK, path, sizeof(path), NULL) == -1 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	alive = flock(fd, LOCK_SH | LOCK_NB) == -1 && errno == EWOULDBLOCK;
	close(fd);
	return alive;
}

/* A guest no supervisor holds. */
void
runtime_off(struct runtime_info *ri)
{
	memset(ri, 0, sizeof(*ri));
	strcpy(ri->state, "Off");
}

/*
 * The UUIDs that have a runtime directory, in one read of /var/run/hpvm: only those can run,
 * so a listing asks no more of the others.
 */
int
runtime_dirs(char (**uuids)[UUID_STR_LEN + 1], size_t *n)
{
	char path[HPVM_PATH_LEN];
	struct dirent *d;
	size_t cap = 16;
	DIR *dp;

	*n = 0;
	if ((*uuids = calloc(cap, sizeof(**uuids))) == NULL)
		return -1;
	if (path_build(path, sizeof(path), NULL, HPVM_RUN) == -1 || (dp = opendir(path)) == NULL)
		return 0;
	while ((d = readdir(dp)) != NULL) {
		if (strlen(d->d_name) != UUID_STR_LEN)
			continue;
		if (*n == cap) {
			char (*nu)[UUID_STR_LEN + 1] = realloc(*uuids, cap * 2 * sizeof(*nu));
			if (nu == NULL) {
				closedir(dp);
				return -1;
			}
			*uuids = nu;
			cap *= 2;
		}
		memcpy((*uuids)[(*n)++], d->d_name, UUID_STR_LEN + 1);
	}
	closedir(dp);
	return 0;
}

/* Fill `ri`; running is 0 when no supervisor holds the guest. */
int
runtime_query(const char *uuid, struct runtime_info *ri)
{
	char path[HPVM_PATH_LEN], *text;
	long app, qemu, started;

	runtime_off(ri);
	if (!app_alive(uuid))
		return 0;
	ri->running = 1;
	strcpy(ri->state, "On (EFI)");		/* until hpvmapp reports the guest running */
	if (runtime_path(uuid, RT_STATE, path, sizeof(path), NULL) == -1 ||
	    file_read_all(path, &text, NULL, NULL) == -1)
		return 0;
	if (sscanf(text, "%ld %ld %ld %31[^\n]", &app, &qemu, &started, ri->state) == 4) {
		ri->app_pid = (pid_t)app;
		ri->qemu_pid = (pid_t)qemu;
		ri->started = (time_t)started;
	}
	free(text);
	return 0;
}

int
runtime_is_running(const char *uuid)
{
	return app_alive(uuid);
}

/* Remove what a supervisor that died without cleaning up (kill -9) left behind, and say so in the guest log. */
void
runtime_reap_stale(const char *uuid)
{
	char dir[HPVM_PATH_LEN], lock[HPVM_PATH_LEN];
	struct stat st;
	int fd;

	if (runtime_path(uuid, RT_DIR, dir, sizeof(dir), NULL) == -1 || stat(dir, &st) == -1 ||
	    runtime_path(uuid, RT_LOCK, lock, sizeof(lock), NULL) == -1)
		return;
	/* Take the lock ourselves so a supervisor starting right now cannot lose its directory. */
	if ((fd = open(lock, O_RDWR | O_CLOEXEC)) == -1)
		return;
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		close(fd);
		return;
	}
	char state[HPVM_PATH_LEN];
	if (runtime_path(uuid, RT_STATE, state, sizeof(state), NULL) == 0 && access(state, F_OK) == 0)
		guest_log(uuid, "hpvmapp ended without cleaning up (killed?); runtime state removed");
	guest_nic_unplug_all(uuid);
	dir_remove_flat(dir, NULL);
	close(fd);
}

/*
 * The exclusive global lock for a command that changes guests, and the guest index true to
 * the configurations (every guest but `skip` counts for uniqueness); holding it, finish off
 * what a killed command left behind, leaving running guests alone. The lock is marked until
 * runtime_unlock(): a command killed before then makes the next one look everywhere.
 */
int
runtime_lock_scan(struct guest_index *ix, const char *skip, struct hpvm_err *e)
{
	enum guest_scan_sweep how;
	int lk;

	if ((lk = lock_global(LOCK_EXCL_MODE, e)) == -1)
		return -1;
	how = lock_marked(lk) ? SCAN_SWEEP_ALL : SCAN_SWEEP_CHANGED;
	lock_mark(lk);
	if (guest_scan_repair(ix, skip, how, runtime_is_running, e) == -1) {
		runtime_unlock(lk);
		return -1;
	}
	return lk;
}

void
runtime_unlock(int lk)
{
	lock_release_marked(lk);
}

/* The same without the index, for a command that changes no guest's configuration. */
int
runtime_lock_exclusive(struct hpvm_err *e)
{
	struct guest_index ix;
	int lk;

	if ((lk = lock_global(LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if (guest_scan_repair(&ix, NULL, lock_marked(lk) ? SCAN_SWEEP_ALL : SCAN_SWEEP_CHANGED,
	    runtime_is_running, e) == -1) {
		lock_release(lk);
		return -1;
	}
	guest_index_free(&ix);
	return lk;
}

/*
 * Claim a guest for a start: its runtime directory, and the supervisor's lock taken now, so
 * the guest counts as running from this moment and no second start can slip in. The
 * descriptor is handed to hpvmapp, which holds the lock for its life.
 */
int
runtime_claim(const char *uuid, struct hpvm_err *e)
{
	char base[HPVM_PATH_LEN], dir[HPVM_PATH_LEN], lock[HPVM_PATH_LEN];
	int fd;

	if (path_build(base, sizeof(base), e, HPVM_RUN) == -1 ||
	    runtime_path(uuid, RT_DIR, dir, sizeof(dir), e) == -1 ||
	    runtime_path(uuid, RT_LOCK, lock, sizeof(lock), e) == -1)
		return -1;
	if (dir_make(base, 0755, e) == -1 || dir_make(dir, RUNTIME_DIR_MODE, e) == -1)
		return -1;
	/* Root and the hpvmsys group, where the host has one; nobody else. */
	if (privs_group_gid() != (gid_t)-1 && chown(dir, 0, privs_group_gid()) == -1)
		return hpvm_fail(e, errno, "Unable to give %s to group %s: %s", dir, PRIVS_GROUP,
		    strerror(errno));
	if ((fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1)
		return hpvm_fail(e, errno, "Unable to open %s: %s", lock, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		close(fd);
		return hpvm_fail(e, EBUSY, "The guest is already running.");
	}
	return fd;
}

/* Give up a claim that never reached a supervisor: the lock and the runtime directory go. */
void
runtime_release(const char *uuid, int claim)
{
	char dir[HPVM_PATH_LEN];

	if (runtime_path(uuid, RT_DIR, dir, sizeof(dir), NULL) == 0)
		dir_remove_flat(dir, NULL);
	if (claim >= 0)
		close(claim);
}
