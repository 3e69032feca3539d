/* file.c: write-temp-fsync-rename replacement (a crash leaves the old or the new file, never half of one), reads, copies. */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/dir.h"
#include "base/file.h"
#include "base/path.h"

static void
parent_of(const char *path, char *buf, size_t len)
{
	char tmp[HPVM_PATH_LEN];

	snprintf(tmp, sizeof(tmp), "%s", path);
	snprintf(buf, len, "%s", dirname(tmp));
}

static int
write_full(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int
file_write_atomic(const char *path, const char *buf, size_t len, mode_t mode,
    struct hpvm_err *e)
{
	char tmp[HPVM_PATH_LEN], dir[HPVM_PATH_LEN];
	int fd, saved;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= (int)sizeof(tmp))
		return hpvm_fail(e, ENAMETOOLONG, "Path too long: %s", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		return hpvm_fail(e, errno, "Unable to create %s: %s", tmp, strerror(errno));
	if (fchmod(fd, mode) == -1 || write_full(fd, buf, len) == -1 ||
	    fsync(fd) == -1) {
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
	if (dir_sync(dir) == -1)
		return hpvm_fail(e, errno, "Unable to sync %s: %s", dir, strerror(errno));
	return 0;
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
	cap = (fstat(fd, &st) == 0 && st.st_size > 0) ? (size_t)st.st_size + 1 : 4096;
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
	char tmp[HPVM_PATH_LEN], dir[HPVM_PATH_LEN];

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", link, (long)getpid()) >= (int)sizeof(tmp))
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

static int
copy_range(int in, int out, off_t off, off_t end)
{
	while (off < end) {
		off_t o_in = off, o_out = off;
		ssize_t n = copy_file_range(in, &o_in, out, &o_out, (size_t)(end - off), 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		off += n;
	}
	return 0;
}

/* Copy a backing file, keeping holes, into a new file that must not exist yet. */
int
file_copy(const char *src, const char *dst, struct hpvm_err *e)
{
	struct stat st;
	off_t data, hole;
	int in, out, saved;

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
	for (data = 0; data < st.st_size; data = hole) {
		if ((data = lseek(in, data, SEEK_DATA)) == -1)
			break;		/* ENXIO: only a hole remains */
		if ((hole = lseek(in, data, SEEK_HOLE)) == -1 ||
		    copy_range(in, out, data, hole) == -1)
			goto fail;
	}
	if (ftruncate(out, st.st_size) == -1 || fchmod(out, st.st_mode & 07777) == -1 ||
	    fsync(out) == -1)
		goto fail;
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
