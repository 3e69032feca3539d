/*
 * guest_dump.c: HP's tc ("transfer of control") for a hung guest: its memory is saved, then it
 * is reset. QEMU (unprivileged, sandboxed) cannot open a file of ours, so it gets a descriptor
 * by QMP getfd and writes an ELF core to "fd:" it: a pipe into gzip where the host has gzip,
 * else the file itself. The dump is written under a temporary name and renamed when whole.
 */
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
#include "base/lock.h"
#include "base/path.h"
#include "base/uuid.h"
#include "store/guest_store.h"
#include "vmm/guest_dump.h"
#include "vmm/guest_log.h"
#include "vmm/qmp.h"
#include "vmm/runtime.h"

#define DUMP_FDNAME	"hpvmdump"
#define DUMP_WAIT_S	1800		/* a very large guest on a slow disk */

static const char *const gzips[] = { "/usr/bin/gzip", "/bin/gzip" };

static const char *
gzip_path(void)
{
	size_t i;

	for (i = 0; i < sizeof(gzips) / sizeof(gzips[0]); i++)
		if (access(gzips[i], X_OK) == 0)
			return gzips[i];
	return NULL;
}

/* gzip from `in` to `out`; its pid, or -1. */
static pid_t
spawn_gzip(const char *gz, int in, int out)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	dup2(in, 0);
	dup2(out, 1);
	execl(gz, "gzip", "-c", "-1", (char *)NULL);
	_exit(127);
}

/* A new file in the dumps directory; its final name in `path`, its temporary name in `tmp`. */
static int
create_dump(const char *uuid, int gz, char *path, size_t len, char *tmp, size_t tlen,
    struct hpvm_err *e)
{
	char dir[HPVM_PATH_LEN], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int fd, i;

	if (path_build(dir, sizeof(dir), e, HPVM_UUIDS "/%s/" GUEST_DUMP_DIR, uuid) == -1 ||
	    dir_make(dir, 0750, e) == -1)
		return -1;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	for (i = 0; i < 100; i++) {
		char seq[8] = "";
		if (i > 0)
			snprintf(seq, sizeof(seq), "-%d", i);
		if (snprintf(path, len, "%s/" GUEST_DUMP_PREFIX "%s%s.elf%s", dir, stamp, seq,
		    gz ? ".gz" : "") >= (int)len || file_temp_name(path, "dump", tmp, tlen) == -1)
			return hpvm_fail(e, ENAMETOOLONG, "HPVM_ROOT is too long.");
		if (access(path, F_OK) == 0)
			continue;
		if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640)) != -1)
			return fd;
		if (errno != EEXIST)
			break;
	}
	return hpvm_fail(e, errno, "Unable to create a dump file in %s: %s", dir, strerror(errno));
}

/* Ask for the dump and follow it to its end; 0 when QEMU says it is complete. */
static int
run_dump(struct qmp *q, struct hpvm_err *e)
{
	json_object *args = json_object_new_object(), *ret, *st;
	int waited, done = 0, failed = 0;

	json_object_object_add(args, "paging", json_object_new_boolean(0));
	json_object_object_add(args, "protocol", json_object_new_string("fd:" DUMP_FDNAME));
	json_object_object_add(args, "detach", json_object_new_boolean(1));
	if (qmp_execute(q, "dump-guest-memory", args, NULL, e) == -1)
		return -1;
	for (waited = 0; waited < DUMP_WAIT_S * 5 && !done; waited++) {
		ret = NULL;
		if (qmp_execute(q, "query-dump", NULL, &ret, e) == -1)
			return -1;
		if (json_object_object_get_ex(ret, "status", &st)) {
			const char *s = json_object_get_string(st);
			done = strcmp(s, "completed") == 0 || (failed = strcmp(s, "failed") == 0);
		}
		json_object_put(ret);
		if (!done)
			usleep(200000);
	}
	if (!done)
		return hpvm_fail(e, ETIMEDOUT, "The memory dump did not finish within %d seconds.",
		    DUMP_WAIT_S);
	return failed ? hpvm_fail(e, EIO, "QEMU could not dump the guest's memory.") : 0;
}

/* Dump through `q` into the open file `fd` (gzip'd on the way where possible). */
static int
dump_to(struct qmp *q, int fd, struct hpvm_err *e)
{
	const char *gz = gzip_path();
	int pfd[2] = { -1, -1 }, rc, status, give = fd;
	pid_t zpid = -1;

	if (gz != NULL) {
		if (pipe2(pfd, O_CLOEXEC) == -1)
			return hpvm_fail(e, errno, "pipe: %s", strerror(errno));
		if ((zpid = spawn_gzip(gz, pfd[0], fd)) == -1) {
			close(pfd[0]);
			close(pfd[1]);
			return hpvm_fail(e, errno, "fork: %s", strerror(errno));
		}
		close(pfd[0]);
		give = pfd[1];
	}
	json_object *args = json_object_new_object();
	json_object_object_add(args, "fdname", json_object_new_string(DUMP_FDNAME));
	rc = qmp_execute_fd(q, "getfd", args, give, NULL, e);
	if (pfd[1] >= 0)
		close(pfd[1]);		/* QEMU has its own; gzip sees the end when QEMU closes it */
	if (rc == 0)
		rc = run_dump(q, e);
	if (zpid > 0) {
		if (rc == -1)
			kill(zpid, SIGTERM);
		while (waitpid(zpid, &status, 0) == -1 && errno == EINTR)
			;
		if (rc == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
			rc = hpvm_fail(e, EIO, "gzip failed on the memory dump.");
	}
	if (rc == 0 && fsync(fd) == -1)
		rc = hpvm_fail(e, errno, "Unable to write the memory dump: %s", strerror(errno));
	return rc;
}

/*
 * tc: save the running guest's memory under its directory, then reset it. The dump's path in
 * `path`. Dumps past HPVM_DUMPS_KEPT (hpvmconf) go, the oldest first.
 */
int
guest_dump_reset(const char *name, char *path, size_t len, struct hpvm_err *e)
{
	char uuid[UUID_STR_LEN + 1], sock[HPVM_PATH_LEN], tmp[HPVM_PATH_LEN];
	struct hpvm_conf conf;
	struct qmp q;
	struct stat st;
	int lk, fd, rc;

	if (guest_store_lookup(name, uuid, sizeof(uuid), e) == -1)
		return -1;
	if (!runtime_is_running(uuid))
		return hpvm_fail(e, ESRCH, "The guest is not running.");
	if ((lk = lock_guest(uuid, LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if (runtime_path(uuid, RT_QMP, sock, sizeof(sock), e) == -1 ||
	    (fd = create_dump(uuid, gzip_path() != NULL, path, len, tmp, sizeof(tmp), e)) == -1) {
		lock_release(lk);
		return -1;
	}
	guest_log(uuid, "tc: saving the guest's memory in %s", path_unrooted(path));
	if ((rc = qmp_connect(&q, sock, 5000, e)) == 0) {
		rc = dump_to(&q, fd, e);
		if (rc == 0 && (rename(tmp, path) == -1 ||
		    (rc = qmp_execute(&q, "system_reset", NULL, NULL, e)) == -1)) {
			if (rc == 0)
				rc = hpvm_fail(e, errno, "Unable to rename %s: %s", tmp, strerror(errno));
		}
		qmp_close(&q);
	}
	close(fd);
	if (rc == -1)
		unlink(tmp);
	lock_release(lk);
	if (rc == -1) {
		guest_log(uuid, "tc: failed: %s", hpvm_err_first(e));
		return -1;
	}
	if (path_build(tmp, sizeof(tmp), NULL, HPVM_UUIDS "/%s/" GUEST_DUMP_DIR, uuid) == 0)
		dir_sync(tmp);
	guest_log(uuid, "tc: memory dump %s (%lld bytes) saved; guest reset", path_unrooted(path),
	    stat(path, &st) == 0 ? (long long)st.st_size : 0LL);
	conf_load(&conf, NULL);
	guest_dump_prune(uuid, (int)conf_get_long(&conf, "HPVM_DUMPS_KEPT", GUEST_DUMPS_KEPT_DEFAULT,
	    1, 1000));
	return 0;
}

struct dump_entry {
	char		name[256];
	struct timespec	mtime;
};

/* Newest first: by time written, then by name (a later dump in the same second has a suffix). */
static int
newest_first(const void *a, const void *b)
{
	const struct dump_entry *x = a, *y = b;

	if (x->mtime.tv_sec != y->mtime.tv_sec)
		return x->mtime.tv_sec < y->mtime.tv_sec ? 1 : -1;
	if (x->mtime.tv_nsec != y->mtime.tv_nsec)
		return x->mtime.tv_nsec < y->mtime.tv_nsec ? 1 : -1;
	return strcmp(y->name, x->name);
}

/* Keep the `keep` newest dumps; the number removed. */
int
guest_dump_prune(const char *uuid, int keep)
{
	char dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN + 256];
	struct dump_entry *list = NULL, *more;
	struct dirent *de;
	struct stat st;
	size_t n = 0, i;
	int removed = 0;
	DIR *d;

	if (path_build(dir, sizeof(dir), NULL, HPVM_UUIDS "/%s/" GUEST_DUMP_DIR, uuid) == -1 ||
	    (d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, GUEST_DUMP_PREFIX, strlen(GUEST_DUMP_PREFIX)) != 0 ||
		    strlen(de->d_name) >= sizeof(list->name) ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode) || (more = realloc(list, (n + 1) * sizeof(*list))) == NULL)
			continue;
		list = more;
		strcpy(list[n].name, de->d_name);
		list[n++].mtime = st.st_mtim;
	}
	closedir(d);
	if (n > 0)
		qsort(list, n, sizeof(*list), newest_first);
	for (i = (size_t)keep; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, list[i].name);
		if (unlink(path) == 0)
			removed++;
	}
	free(list);
	if (removed > 0)
		guest_log(uuid, "tc: %d older memory dump(s) removed (HPVM_DUMPS_KEPT=%d)", removed, keep);
	return removed;
}
