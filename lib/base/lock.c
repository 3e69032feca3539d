/* lock.c: blocking flock()s, so concurrent commands wait for each other instead of failing. */
#include <sys/file.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "base/dir.h"
#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/path.h"

static int
lock_file(const char *path, enum lock_mode mode, struct hpvm_err *e)
{
	int fd;

	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1)
		return hpvm_fail(e, errno, "Unable to open lock %s: %s", path, strerror(errno));
	while (flock(fd, mode == LOCK_EXCL_MODE ? LOCK_EX : LOCK_SH) == -1) {
		if (errno == EINTR)
			continue;
		int saved = errno;
		close(fd);
		return hpvm_fail(e, saved, "Unable to lock %s: %s", path, strerror(saved));
	}
	return fd;
}

/* Returns a descriptor to pass to lock_release(), or -1. */
int
lock_global(enum lock_mode mode, struct hpvm_err *e)
{
	char dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN];

	if (path_build(dir, sizeof(dir), e, HPVM_COMMON) == -1 ||
	    path_build(path, sizeof(path), e, HPVM_LOCKFILE) == -1)
		return -1;
	if (dir_make(dir, 0755, e) == -1)
		return -1;
	return lock_file(path, mode, e);
}

/* Per-guest lock, keyed by UUID so a rename does not change it. Take it after the global lock. */
int
lock_guest(const char *uuid, enum lock_mode mode, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN];

	if (path_build(path, sizeof(path), e, HPVM_UUIDS "/%s/.lock", uuid) == -1)
		return -1;
	return lock_file(path, mode, e);
}

void
lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}

/*
 * A command that changes things under the exclusive global lock marks the lock file first
 * and clears the mark as it lets go (lock_release_marked): a mark found on taking the lock
 * says its last holder was killed half-way, and what it left wants a thorough look. The mark
 * needs no fsync: it is there for killed commands, and a host that crashed starts again.
 */
int
lock_marked(int fd)
{
	char c = 0;

	return pread(fd, &c, 1, 0) == 1 && c == '1';
}

void
lock_mark(int fd)
{
	if (pwrite(fd, "1", 1, 0) != 1)
		(void)errno;
}

void
lock_release_marked(int fd)
{
	if (fd >= 0 && pwrite(fd, "0", 1, 0) != 1)
		(void)errno;
	lock_release(fd);
}
