/* devid.c: a stable identity for a backing store (WWID or serial, else device or inode numbers), so aliases match. */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/devid.h"
#include "base/file.h"

static int
sysfs_word(const char *path, char *buf, size_t len)
{
	char *text;
	size_t i, j = 0;

	if (file_read_all(path, &text, NULL, NULL) == -1)
		return -1;
	/* The database separates fields with ':' and ','; keep identities to one word. */
	for (i = 0; text[i] != '\0' && j + 1 < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (isalnum(c) || c == '.' || c == '_' || c == '-')
			buf[j++] = (char)c;
		else if (isgraph(c) && j > 0 && buf[j - 1] != '-')
			buf[j++] = '-';
	}
	buf[j] = '\0';
	free(text);
	return j > 0 ? 0 : -1;
}

static void
block_identity(unsigned int maj, unsigned int min, char *buf, size_t len)
{
	static const char *const props[] = { "device/wwid", "wwid", "dm/uuid", "device/serial" };
	char sys[256];
	size_t i;

	for (i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/%s", maj, min, props[i]);
		if (sysfs_word(sys, buf, len) == 0)
			return;
	}
	snprintf(buf, len, "blk-%u-%u", maj, min);
}

/* The whole disk a partition is on (restricting a disk restricts its partitions); "" if none. */
void
devid_parent_identity(const char *path, char *buf, size_t len)
{
	char sys[256], *text;
	unsigned int maj, min;
	struct stat st;

	buf[0] = '\0';
	if (stat(path, &st) == -1 || !S_ISBLK(st.st_mode))
		return;
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/partition", major(st.st_rdev), minor(st.st_rdev));
	if (access(sys, F_OK) == -1)
		return;
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/../dev", major(st.st_rdev), minor(st.st_rdev));
	if (file_read_all(sys, &text, NULL, NULL) == -1)
		return;
	if (sscanf(text, "%u:%u", &maj, &min) == 2)
		block_identity(maj, min, buf, len);
	free(text);
}

void
devid_identity(const char *path, char *buf, size_t len)
{
	struct stat st;

	buf[0] = '\0';
	if (stat(path, &st) == -1)
		return;
	if (S_ISBLK(st.st_mode))
		block_identity(major(st.st_rdev), minor(st.st_rdev), buf, len);
	else if (S_ISCHR(st.st_mode))
		snprintf(buf, len, "chr-%u-%u", major(st.st_rdev), minor(st.st_rdev));
	else if (S_ISREG(st.st_mode))
		snprintf(buf, len, "ino-%lx-%lu", (unsigned long)st.st_dev,
		    (unsigned long)st.st_ino);
}

/*
 * What a path names, not how it is spelled: the real path when it exists (symbolic links,
 * "//" and "/./" resolved), else the real path of its directory and its last part, else the
 * path with repeated and "." parts folded away.
 */
void
devid_canonical(const char *path, char *buf, size_t len)
{
	char real[PATH_MAX], dir[PATH_MAX], *slash;
	size_t o = 0;
	const char *p;

	if (path[0] != '/') {			/* a vswitch's name, not a path */
		snprintf(buf, len, "%s", path);
		return;
	}
	if (realpath(path, real) != NULL) {
		snprintf(buf, len, "%s", real);
		return;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (realpath(dir, real) != NULL) {
			snprintf(buf, len, "%s/%s", strcmp(real, "/") ? real : "", slash + 1);
			return;
		}
	}
	for (p = path; *p != '\0' && o + 1 < len; p++) {
		if (*p == '/' && (p[1] == '/' || (p[1] == '.' && (p[2] == '/' || p[2] == '\0'))))
			continue;
		if (*p == '.' && p > path && p[-1] == '/' && (p[1] == '/' || p[1] == '\0'))
			continue;
		buf[o++] = *p;
	}
	if (o > 1 && buf[o - 1] == '/')
		o--;
	buf[o] = '\0';
}

/* Is `path` the same as `dir`, or below it, whatever either is called? */
int
devid_path_within(const char *path, const char *dir)
{
	char p[PATH_MAX], d[PATH_MAX];
	size_t n;

	devid_canonical(path, p, sizeof(p));
	devid_canonical(dir, d, sizeof(d));
	n = strlen(d);
	return strcmp(p, d) == 0 || (strncmp(p, d, n) == 0 && (p[n] == '/' || (n > 0 && d[n - 1] == '/')));
}
