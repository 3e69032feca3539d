/* file.c: write-temp-fsync-rename replacement (a crash leaves the old or the new file, never half of one), reads, copies. */
#include <sys/stat.h>
#include <sys/uio.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/dir.h"
#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/path.h"

#define COPY_CHUNK	(1 << 20)

static void
parent_of(const char *path, char *buf, size_t len)
{
	char tmp[HPVM_PATH_LEN];

	snprintf(tmp, sizeof(tmp), "%s", path);
	snprintf(buf, len, "%s", dirname(tmp));
}

/*
 * The temporary name for replacing `path`: ".<name>.tmp.<suffix>" beside it. Names of guests,
 * vswitches and devices never start with '.', so no temporary file can ever be mistaken for one.
 */
int
file_temp_name(const char *path, const char *suffix, char *buf, size_t len)
{
	char b[HPVM_PATH_LEN], d[HPVM_PATH_LEN];
	int n;

	snprintf(b, sizeof(b), "%s", path);
	parent_of(path, d, sizeof(d));
	n = snprintf(buf, len, "%s/.%s%s%s", d, basename(b), FILE_TEMP_MARK, suffix);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* Is this directory entry a temporary file a killed writer may have left? */
int
file_is_temp(const char *name)
{
	return name[0] == '.' && strstr(name, FILE_TEMP_MARK) != NULL;
}

/* All of `iov` to `fd`, across short writes and signals (the array is used up); -1 and errno on failure. */
static int
write_iov(int fd, struct iovec *iov, size_t n)
{
	while (n > 0) {
		ssize_t w = writev(fd, iov, n > IOV_MAX ? IOV_MAX : (int)n);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (; n > 0 && (size_t)w >= iov->iov_len; iov++, n--)
			w -= (ssize_t)iov->iov_len;
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* All of `buf` to `fd`, across short writes and signals; -1 and errno on failure. */
int
file_write_fd(int fd, const char *buf, size_t len)
{
	struct iovec iov = { (void *)(uintptr_t)buf, len };

	return write_iov(fd, &iov, 1);
}

/* Does the file hold exactly these bytes? Then replacing it would change nothing. */
static int
same_content(const char *path, const char *buf, size_t len)
{
	char *old;
	size_t olen;
	int same;

	if (file_read_all(path, &old, &olen, NULL) == -1)
		return 0;
	same = olen == len && memcmp(old, buf, len) == 0;
	free(old);
	return same;
}

enum write_kind { WRITE_DURABLE, WRITE_CACHE };

/*
 * Write the pieces `iov` beside `path`, then rename it over: durable ones are synced, file and
 * directory. Pieces let a large file be written from what it was read from, without a copy.
 */
static int
write_replace(const char *path, struct iovec *iov, size_t niov, mode_t mode, enum write_kind kind,
    struct hpvm_err *e)
{
	char tmp[HPVM_PATH_LEN], dir[HPVM_PATH_LEN];
	int fd, saved;

	if (file_temp_name(path, "XXXXXX", tmp, sizeof(tmp)) == -1)
		return hpvm_fail(e, ENAMETOOLONG, "Path too long: %s", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		return hpvm_fail(e, errno, "Unable to create %s: %s", tmp, strerror(errno));
	if (fchmod(fd, mode) == -1 || write_iov(fd, iov, niov) == -1 ||
	    (kind == WRITE_DURABLE && fsync(fd) == -1)) {
		saved = errno;
		close(fd);
		unlink(tmp);
		return hpvm_fail(e, saved, "Unable to write %s: %s", path, strerror(saved));
	}
	close(fd);
	if (rename(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		return hpvm_fail(e, saved, "Unable to replace %s: %s", path, strerror(saved));
	}
	parent_of(path, dir, sizeof(dir));
	if (kind == WRITE_DURABLE && dir_sync(dir) == -1)
		return hpvm_fail(e, errno, "Unable to sync %s: %s", dir, strerror(errno));
	return 0;
}

/* Replace `path` with `buf`; when it already holds exactly that, nothing is written at all. */
int
file_write_atomic(const char *path, const char *buf, size_t len, mode_t mode,
    struct hpvm_err *e)
{
	struct iovec iov = { (void *)(uintptr_t)buf, len };
	struct stat st;

	if (stat(path, &st) == 0 && (st.st_mode & 07777) == mode && (size_t)st.st_size == len &&
	    same_content(path, buf, len))
		return 0;
	return write_replace(path, &iov, 1, mode, WRITE_DURABLE, e);
}

/* Replace `path` with the pieces `iov` (used up), synced; for a caller that knows they changed. */
int
file_write_atomic_iov(const char *path, struct iovec *iov, size_t niov, mode_t mode,
    struct hpvm_err *e)
{
	return write_replace(path, iov, niov, mode, WRITE_DURABLE, e);
}

/*
 * The same for a cache that can be rebuilt from what it caches: whole or not at all after a
 * kill, but not synced, so a crash may lose its last version (never the files it caches).
 */
int
file_write_cache(const char *path, const char *buf, size_t len, mode_t mode, struct hpvm_err *e)
{
	struct iovec iov = { (void *)(uintptr_t)buf, len };

	return write_replace(path, &iov, 1, mode, WRITE_CACHE, e);
}

/* The same from pieces (used up). */
int
file_write_cache_iov(const char *path, struct iovec *iov, size_t niov, mode_t mode,
    struct hpvm_err *e)
{
	return write_replace(path, iov, niov, mode, WRITE_CACHE, e);
}

/* Read a whole file into a NUL-terminated buffer. ENOENT is left in e->code for callers that expect absence. */
int
file_read_all(const char *path, char **out, size_t *outlen, struct hpvm_err *e)
{
	struct stat st;
	char *buf;
	size_t cap, len = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return hpvm_fail(e, errno, "Unable to open %s: %s", path, strerror(errno));
	/* Room for the NUL and a byte more: a file read whole is seen to end without growing the buffer. */
	cap = (fstat(fd, &st) == 0 && st.st_size > 0) ? (size_t)st.st_size + 2 : 4096;
	if ((buf = malloc(cap)) == NULL) {
		close(fd);
		return hpvm_fail(e, ENOMEM, "Out of memory reading %s", path);
	}
	for (;;) {
		if (len + 1 >= cap) {
			char *nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				free(buf);
				close(fd);
				return hpvm_fail(e, ENOMEM, "Out of memory reading %s", path);
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			int saved = errno;
			free(buf);
			close(fd);
			return hpvm_fail(e, saved, "Unable to read %s: %s", path, strerror(saved));
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	if (outlen != NULL)
		*outlen = len;
	return 0;
}

/* Point `link` at `target`, replacing any existing link in one rename. */
int
file_symlink_atomic(const char *target, const char *link, struct hpvm_err *e)
{
	char tmp[HPVM_PATH_LEN], dir[HPVM_PATH_LEN], pid[32];

	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	if (file_temp_name(link, pid, tmp, sizeof(tmp)) == -1)
		return hpvm_fail(e, ENAMETOOLONG, "Path too long: %s", link);
	unlink(tmp);
	if (symlink(target, tmp) == -1)
		return hpvm_fail(e, errno, "Unable to create link %s: %s", tmp, strerror(errno));
	if (rename(tmp, link) == -1) {
		int saved = errno;
		unlink(tmp);
		return hpvm_fail(e, saved, "Unable to create link %s: %s", link, strerror(saved));
	}
	parent_of(link, dir, sizeof(dir));
	dir_sync(dir);
	return 0;
}

/*
 * Copy [off, end) by reading and writing: copy_file_range() refuses other file systems
 * (EXDEV) on many kernels, and a separate /var or /tmp is common.
 */
static int
copy_read_write(int in, int out, off_t off, off_t end)
{
	static char buf[COPY_CHUNK];

	while (off < end) {
		size_t want = (size_t)(end - off) < sizeof(buf) ? (size_t)(end - off) : sizeof(buf);
		ssize_t n = pread(in, buf, want, off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		for (ssize_t done = 0; done < n;) {
			ssize_t w = pwrite(out, buf + done, (size_t)(n - done), off + done);
			if (w == -1 && errno == EINTR)
				continue;
			if (w <= 0)
				return -1;
			done += w;
		}
		off += n;
	}
	return 0;
}

/* A data range, in chunks so a progress callback hears of it; in the kernel where it can. */
static int
copy_range(int in, int out, off_t off, off_t end, int *kernel, const struct file_progress *p)
{
	while (off < end) {
		off_t stop = end - off > COPY_CHUNK * 64 ? off + COPY_CHUNK * 64 : end;
		while (*kernel && off < stop) {
			off_t o_in = off, o_out = off;
			ssize_t n = copy_file_range(in, &o_in, out, &o_out, (size_t)(stop - off), 0);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1 && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP ||
			    errno == EINVAL))
				*kernel = 0;
			else if (n <= 0)
				return -1;
			else
				off += n;
		}
		if (off < stop && copy_read_write(in, out, off, stop) == -1)
			return -1;
		off = stop;
		if (p != NULL && p->report != NULL)
			p->report(off, p->total, p->arg);
	}
	return 0;
}

/*
 * Copy a file, keeping holes, into a new file that must not exist yet. `p` (may be NULL)
 * hears how far the copy has come.
 */
int
file_copy(const char *src, const char *dst, const struct file_progress *p, struct hpvm_err *e)
{
	struct file_progress prog = { 0 };
	struct stat st;
	off_t data, hole;
	int in, out, saved, kernel = 1;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1)
		return hpvm_fail(e, errno, "Unable to open %s: %s", src, strerror(errno));
	if (fstat(in, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(in);
		return hpvm_fail(e, EINVAL, "'%s' is not a regular file.", src);
	}
	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1) {
		saved = errno;
		close(in);
		return hpvm_fail(e, saved, "Unable to create %s: %s", dst, strerror(saved));
	}
	if (p != NULL) {
		prog = *p;
		prog.total = st.st_size;
	}
	for (data = 0; data < st.st_size; data = hole) {
		if ((data = lseek(in, data, SEEK_DATA)) == -1)
			break;		/* ENXIO: only a hole remains */
		if ((hole = lseek(in, data, SEEK_HOLE)) == -1 ||
		    copy_range(in, out, data, hole, &kernel, &prog) == -1)
			goto fail;
	}
	if (ftruncate(out, st.st_size) == -1 || fchmod(out, st.st_mode & 07777) == -1 ||
	    fsync(out) == -1)
		goto fail;
	if (prog.report != NULL)
		prog.report(st.st_size, st.st_size, prog.arg);
	close(in);
	close(out);
	return 0;
fail:
	saved = errno;
	close(in);
	close(out);
	unlink(dst);
	return hpvm_fail(e, saved, "Unable to copy %s to %s: %s", src, dst, strerror(saved));
}
