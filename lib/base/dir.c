/* dir.c: directories: make them with parents, sync them after a rename, remove a flat one without following links. */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/dir.h"
#include "base/hpvm_err.h"
#include "base/path.h"

int
dir_sync(const char *dir)
{
	int fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* mkdir -p; existing directories are fine. */
int
dir_make(const char *path, mode_t mode, struct hpvm_err *e)
{
	char buf[HPVM_PATH_LEN];
	struct stat st;
	char *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return hpvm_fail(e, ENAMETOOLONG, "Path too long: %s", path);
	/* Almost always there already: one look instead of a mkdir per component. */
	if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	for (p = buf + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(buf, mode) == -1 && errno != EEXIST)
			return hpvm_fail(e, errno, "Unable to create directory %s: %s",
			    buf, strerror(errno));
		*p = c;
		if (c == '\0')
			break;
	}
	return 0;
}

/*
 * Remove a directory that holds only plain files (a guest's UUID directory). Nothing is ever
 * followed: a symbolic link in its place is removed as a link, and what it points at stays.
 */
int
dir_remove_flat(const char *path, struct hpvm_err *e)
{
	struct dirent *d;
	DIR *dir;
	int fd;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		if (errno == ELOOP || errno == ENOTDIR)
			return unlink(path) == -1 ?
			    hpvm_fail(e, errno, "Unable to remove %s: %s", path, strerror(errno)) : 0;
		return hpvm_fail(e, errno, "Unable to open %s: %s", path, strerror(errno));
	}
	if ((dir = fdopendir(fd)) == NULL) {
		close(fd);
		return hpvm_fail(e, errno, "Unable to read %s: %s", path, strerror(errno));
	}
	while ((d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		/* unlinkat without AT_REMOVEDIR removes links and files, never a directory's contents. */
		if (unlinkat(dirfd(dir), d->d_name, 0) == -1 && errno != ENOENT) {
			int saved = errno;
			closedir(dir);
			return hpvm_fail(e, saved, "Unable to remove %s/%s: %s", path, d->d_name,
			    strerror(saved));
		}
	}
	closedir(dir);
	if (rmdir(path) == -1 && errno != ENOENT)
		return hpvm_fail(e, errno, "Unable to remove %s: %s", path, strerror(errno));
	return 0;
}
