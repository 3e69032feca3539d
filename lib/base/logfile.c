/*
 * logfile.c: one timestamped line appended in a single write(), so concurrent writers never
 * interleave partial lines, and with user text escaped, so nobody can forge an entry. Past
 * VMMLOGSIZE the file is renamed with a timestamp suffix and a new one started, as HP does;
 * every writer opens the file for each line, so nothing is ever written to a rotated file.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/dir.h"
#include "base/logfile.h"
#include "base/path.h"
#include "base/str.h"

/* The size (bytes) past which logs rotate: VMMLOGSIZE KB from hpvmconf, read for each line. */
long
logfile_limit(void)
{
	struct hpvm_conf c;

	conf_load(&c, NULL);
	return conf_get_long(&c, "VMMLOGSIZE", LOGFILE_SIZE_DEFAULT_KB, 1, 16L * 1024 * 1024) * 1024;
}

/* "<path>.YYYYMMDD-HHMMSS", and "-N" after it for the N-th rotation within that second. */
int
logfile_rotated_name(const char *path, time_t when, int seq, char *buf, size_t len)
{
	char stamp[32];
	struct tm tm;
	int n;

	localtime_r(&when, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	n = seq > 0 ? snprintf(buf, len, "%s.%s-%d", path, stamp, seq) :
	    snprintf(buf, len, "%s.%s", path, stamp);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/*
 * Move the log aside under a name nobody has taken, its new name in `to`; the link never
 * replaces an older one. The caller holds the file's lock. Returns 0, or -1 with errno set.
 */
static int
rotate(const char *path, char *to, size_t len)
{
	time_t now = time(NULL);
	int seq;

	for (seq = 0; seq < 100; seq++) {
		if (logfile_rotated_name(path, now, seq, to, len) == -1) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (link(path, to) == 0)
			return unlink(path);
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

/* Open `path` and take its lock, again if it was rotated meanwhile; the descriptor, or -1. */
static int
open_locked(const char *path, mode_t mode, int flags, struct stat *fst)
{
	struct stat pst;
	int tries, fd;

	for (tries = 0; tries < 8; tries++) {
		if ((fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | flags, mode)) == -1)
			return -1;
		while (flock(fd, LOCK_EX) == -1 && errno == EINTR)
			;
		if (fstat(fd, fst) == 0 && stat(path, &pst) == 0 && fst->st_ino == pst.st_ino &&
		    fst->st_dev == pst.st_dev)
			return fd;
		close(fd);		/* rotated under us: the name is a new file now */
	}
	errno = EAGAIN;
	return -1;
}

/* Rotate now, whatever the size (the vMP's rec -rotate), under the lock writers take. */
int
logfile_rotate(const char *path, char *to, size_t len)
{
	struct stat st;
	int fd, rc;

	if ((fd = open_locked(path, 0, 0, &st)) == -1)
		return -1;
	rc = rotate(path, to, len);
	close(fd);
	return rc;
}

/*
 * Append a complete line (with its newline). The file's lock orders writers against a
 * rotation: a writer that opened the file before another renamed it finds, once it has the
 * lock, that the name now leads elsewhere, and opens again. Returns 0, or -1 if not written.
 */
int
logfile_write_line(const char *path, mode_t mode, const char *line, size_t len)
{
	char to[4200];
	long limit = logfile_limit();
	struct stat fst;
	int tries, fd;

	for (tries = 0; tries < 8; tries++) {
		if ((fd = open_locked(path, mode, O_CREAT, &fst)) == -1)
			return -1;
		if (fst.st_size > 0 && fst.st_size + (off_t)len > limit) {
			(void)rotate(path, to, sizeof(to));
			close(fd);
			continue;
		}
		ssize_t n = write(fd, line, len);
		close(fd);
		return n == (ssize_t)len ? 0 : -1;
	}
	return -1;
}

void
logfile_vappend(const char *path, mode_t mode, const char *fmt, va_list ap)
{
	char text[1024], safe[2048], line[2100], when[32];
	time_t now = time(NULL);
	struct tm tm;
	int n;

	vsnprintf(text, sizeof(text), fmt, ap);
	str_escape(safe, sizeof(safe), text);
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s %s\n", when, safe);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	/* Nowhere is left to report a failed log write. */
	(void)logfile_write_line(path, mode, line, (size_t)n);
}

/* The same, to one of the host's logs in /var/opt/hpvm/common (`rel` is its path under $HPVM_ROOT). */
void
logfile_vappend_host(const char *rel, mode_t mode, const char *fmt, va_list ap)
{
	char dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN];

	if (path_build(dir, sizeof(dir), NULL, HPVM_COMMON) == -1 ||
	    path_build(path, sizeof(path), NULL, "%s", rel) == -1 || dir_make(dir, 0755, NULL) == -1)
		return;
	logfile_vappend(path, mode, fmt, ap);
}
