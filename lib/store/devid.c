/* devid.c: a stable identity for a backing store (WWID or serial, else device or inode numbers), so aliases match. */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <ctype.h>
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
