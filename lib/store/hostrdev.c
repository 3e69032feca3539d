/*
 * hostrdev.c: the host's own storage (mounted file systems, swap, and what device-mapper, LVM
 * and md build them from), read from /proc and /sys, becomes rdev entries with AUTORDEV=YES,
 * with the whole disk under each partition.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/dir.h"
#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/path.h"
#include "store/devdb.h"
#include "store/hostrdev.h"

#define MAX_DEVS	256

struct devset {
	char	name[MAX_DEVS][64];		/* kernel names: sda1, dm-0 */
	int	n;
};

static void
add_name(struct devset *s, const char *name)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->name[i], name) == 0)
			return;
	if (s->n < MAX_DEVS)
		snprintf(s->name[s->n++], sizeof(s->name[0]), "%s", name);
}

/* A device and everything it is built from: dm/md slaves, and the disk under a partition. */
static void
add_with_lower(struct devset *s, const char *name, int depth)
{
	char path[PATH_MAX], real[PATH_MAX];
	struct dirent *d;
	DIR *dir;

	if (depth > 8)
		return;
	add_name(s, name);
	snprintf(path, sizeof(path), "/sys/class/block/%s/slaves", name);
	if ((dir = opendir(path)) != NULL) {
		while ((d = readdir(dir)) != NULL)
			if (d->d_name[0] != '.')
				add_with_lower(s, d->d_name, depth + 1);
		closedir(dir);
	}
	snprintf(path, sizeof(path), "/sys/class/block/%s/partition", name);
	if (access(path, F_OK) == 0) {
		snprintf(path, sizeof(path), "/sys/class/block/%s/..", name);
		if (realpath(path, real) != NULL)
			add_with_lower(s, basename(real), depth + 1);
	}
}

/* A /dev path from /proc/mounts or /proc/swaps, as its kernel name. */
static void
add_dev_path(struct devset *s, const char *dev)
{
	char real[PATH_MAX];
	struct stat st;

	if (strncmp(dev, "/dev/", 5) != 0 || realpath(dev, real) == NULL || stat(real, &st) == -1 ||
	    !S_ISBLK(st.st_mode))
		return;
	add_with_lower(s, basename(real), 0);
}

static void
scan_file(struct devset *s, const char *file)
{
	char *text, *line, *next, dev[PATH_MAX];

	if (file_read_all(file, &text, NULL, NULL) == -1)
		return;
	for (line = text; line != NULL && *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (sscanf(line, "%4095s", dev) == 1)
			add_dev_path(s, dev);
	}
	free(text);
}

static int
backup_path(char *buf, size_t len)
{
	return path_build(buf, len, NULL, HPVM_DEVDB ".hostrdev");
}

static int
is_auto(const struct devdb_ent *ent)
{
	const char *a = devdb_attr(ent, "AUTORDEV");

	return a != NULL && strcmp(a, "YES") == 0;
}

static void
drop_auto(struct devdb *db)
{
	size_t i = 0;

	while (i < db->n)
		if (is_auto(&db->ent[i]))
			devdb_remove(db, &db->ent[i]);
		else
			i++;
}

static int
save_backup(const struct devdb *db, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], *buf;
	size_t len;
	int rc;

	if (backup_path(path, sizeof(path)) == -1 || devdb_text(db, &buf, &len) == -1)
		return hpvm_fail(e, ENOMEM, "Unable to copy the device database.");
	rc = file_write_atomic(path, buf, len, 0640, e);
	free(buf);
	return rc;
}

/* Replace earlier automatic entries with what the host uses now; explicit rdev entries stay. */
static int
restrict_host(struct devdb *db, void *arg, struct hpvm_err *e)
{
	const struct devset *s = arg;
	char path[80], id[DEVID_LEN];
	int i;

	if (save_backup(db, e) == -1)
		return -1;
	drop_auto(db);
	for (i = 0; i < s->n; i++) {
		struct devdb_ent *ent;
		snprintf(path, sizeof(path), "/dev/%s", s->name[i]);
		if ((ent = devdb_find(db, path)) != NULL) {
			if (ent->ndeps > 0)
				hpvm_warn(e, "%s is used by the host and by guest '%s'.", path, ent->deps[0]);
			continue;
		}
		devid_identity(path, id, sizeof(id));
		if ((ent = devdb_add(db, path, "rdev")) == NULL || devdb_ent_set_id(ent, id) == -1)
			return hpvm_fail(e, ENOMEM, "Out of memory.");
		devdb_attr_set(ent, "EXIST", "YES");
		devdb_attr_set(ent, "DEVTYPE", "DISK");
		devdb_attr_set(ent, "SHARE", "NO");
		devdb_attr_set(ent, "AUTORDEV", "YES");
	}
	return 0;
}

int
hostrdev_run(struct hpvm_err *e)
{
	struct devset s = { .n = 0 };

	scan_file(&s, "/proc/mounts");
	scan_file(&s, "/proc/swaps");
	return devdb_update(restrict_host, &s, e);
}

/* -d: only what hpvmhostrdev added goes; entries made with hpvmdevmgmt -a stay. */
static int
unrestrict_host(struct devdb *db, void *arg, struct hpvm_err *e)
{
	(void)arg;
	if (save_backup(db, e) == -1)
		return -1;
	drop_auto(db);
	return 0;
}

int
hostrdev_remove(struct hpvm_err *e)
{
	return devdb_update(unrestrict_host, NULL, e);
}

/* -r: the database as it was before the last run. */
int
hostrdev_restore(struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], db[HPVM_PATH_LEN], *text;
	struct devdb check;
	size_t len;
	int lk, rc = -1;

	if (backup_path(path, sizeof(path)) == -1 || path_build(db, sizeof(db), e, HPVM_DEVDB) == -1)
		return -1;
	if ((lk = lock_global(LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if (file_read_all(path, &text, &len, NULL) == -1)
		hpvm_fail(e, ENOENT, "There is no copy from before a run of hpvmhostrdev to restore.");
	else {
		if (devdb_parse(&check, text, e) == 0) {
			devdb_free(&check);
			rc = file_write_atomic(db, text, len, 0640, e);
		}
		free(text);
	}
	lock_release(lk);
	return rc;
}

static int
flag_path(char *buf, size_t len)
{
	return path_build(buf, len, NULL, HPVM_COMMON "/hostrdev.disabled");
}

int
hostrdev_enabled(void)
{
	char path[HPVM_PATH_LEN];

	return flag_path(path, sizeof(path)) == -1 || access(path, F_OK) == -1;
}

/* -E / -D: whether host start runs it. */
int
hostrdev_enable(enum hostrdev_at_boot on, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], dir[HPVM_PATH_LEN];

	if (flag_path(path, sizeof(path)) == -1 || path_build(dir, sizeof(dir), e, HPVM_COMMON) == -1)
		return -1;
	if (on == HOSTRDEV_AT_BOOT_ON)
		return unlink(path) == -1 && errno != ENOENT ?
		    hpvm_fail(e, errno, "Unable to remove %s: %s", path, strerror(errno)) : 0;
	if (dir_make(dir, 0755, e) == -1)
		return -1;
	return file_write_atomic(path, "disabled\n", 9, 0644, e);
}
