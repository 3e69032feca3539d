/* guest_clone.c: hpvmclone: the source as a template, its disks copied or shared, defined as one transaction. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/path.h"
#include "model/guest.h"
#include "model/guest_change.h"
#include "ops/guest_clone.h"
#include "ops/guest_define.h"
#include "store/guest_store.h"
#include "vmm/runtime.h"

static int
copyable(const struct device *d)
{
	return d->type == DEV_DISK && d->backing == BK_FILE;
}

/*
 * "/img/vm1-root.img" for clone vm2 of vm1 becomes "/img/vm2-root.img"; without the old name,
 * "/img/vm2-root.img" from "root.img". -1 when the new path would not fit in a configuration.
 */
static int
clone_path(const char *src, const char *from, const char *to, char *out, size_t len)
{
	char d[LOCATION_MAX + 1], b[LOCATION_MAX + 1], *at;
	int n;

	snprintf(d, sizeof(d), "%s", src);
	snprintf(b, sizeof(b), "%s", src);
	const char *dir = dirname(d), *base = basename(b);
	if ((at = strstr(base, from)) != NULL)
		n = snprintf(out, len, "%s/%.*s%s%s", strcmp(dir, "/") ? dir : "", (int)(at - base),
		    base, to, at + strlen(from));
	else
		n = snprintf(out, len, "%s/%s-%s", strcmp(dir, "/") ? dir : "", to, base);
	return n < 0 || (size_t)n >= len || (size_t)n > LOCATION_MAX ? -1 : 0;
}

/*
 * With -b, each file-backed disk gets a copy: a disk the clone still shares with its source
 * is copied next to it under the new guest's name; a disk replaced with -d/-a at the same
 * address is copied into the path -a gave.
 */
static int
plan_copies(const struct guest *src, struct guest *g, struct hpvm_err *e)
{
	char path[LOCATION_MAX + 1];
	size_t i, j;

	for (i = 0; i < g->ndevs; i++) {
		struct device *d = &g->devs[i];
		const char *from = NULL;
		if (!copyable(d))
			continue;
		for (j = 0; j < src->ndevs && from == NULL; j++) {
			const struct device *s = &src->devs[j];
			if (!copyable(s))
				continue;
			if (strcmp(s->location, d->location) == 0) {
				from = s->location;
				if (clone_path(s->location, src->name, g->name, path, sizeof(path)) == -1)
					return hpvm_fail(e, ENAMETOOLONG, "The copy of a disk for '%s' would "
					    "have a path longer than %d characters; give it one with -d "
					    "and -a (the disk: %s).", g->name, LOCATION_MAX, s->location);
				snprintf(d->location, sizeof(d->location), "%s", path);
			} else if (s->bus == d->bus && s->dev == d->dev && s->target == d->target &&
			    access(d->location, F_OK) == -1)
				from = s->location;
		}
		if (from != NULL && (d->copy_from = strdup(from)) == NULL)
			return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	return 0;
}

/* Where a disk is copied to before the clone exists: a temporary name beside its final one. */
static int
copy_temp(const struct device *d, char *buf, size_t len)
{
	char pid[32];

	snprintf(pid, sizeof(pid), "clone.%ld", (long)getpid());
	return file_temp_name(d->location, pid, buf, len);
}

static void
remove_temps(const struct guest *g)
{
	char tmp[HPVM_PATH_LEN];
	size_t i;

	for (i = 0; i < g->ndevs; i++)
		if (g->devs[i].copy_from != NULL && copy_temp(&g->devs[i], tmp, sizeof(tmp)) == 0)
			unlink(tmp);
}

/* Copy every planned disk to its temporary name; no global lock is held meanwhile. */
static int
copy_disks(const struct guest *g, const struct file_progress *progress, struct hpvm_err *e)
{
	char tmp[HPVM_PATH_LEN];
	size_t i;

	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		if (d->copy_from == NULL)
			continue;
		if (copy_temp(d, tmp, sizeof(tmp)) == -1) {
			remove_temps(g);
			return hpvm_fail(e, ENAMETOOLONG, "Path too long: %s", d->location);
		}
		unlink(tmp);
		if (file_copy(d->copy_from, tmp, progress, e) == -1) {
			remove_temps(g);
			return -1;
		}
	}
	return 0;
}

/*
 * Under the lock, once the clone validated again: the copies take their names. A name that
 * appeared meanwhile is never replaced (RENAME_NOREPLACE); what was renamed goes back on failure.
 */
static int
commit_copies(struct guest *g, void *arg, struct hpvm_err *e)
{
	char tmp[HPVM_PATH_LEN];
	size_t *done = arg, i;

	for (i = 0; i < g->ndevs; i++) {
		struct device *d = &g->devs[i];
		if (d->copy_from == NULL)
			continue;
		if (copy_temp(d, tmp, sizeof(tmp)) == -1 ||
		    renameat2(AT_FDCWD, tmp, AT_FDCWD, d->location, RENAME_NOREPLACE) == -1) {
			int saved = errno;
			while (i-- > 0)
				if (g->devs[i].copy_from != NULL)
					unlink(g->devs[i].location);
			return hpvm_fail(e, saved, "Unable to put the copy of %s in place at %s: %s",
			    d->copy_from, d->location, strerror(saved));
		}
		(*done)++;
	}
	return 0;
}

static void
remove_copies(const struct guest *g)
{
	size_t i;

	for (i = 0; i < g->ndevs; i++)
		if (g->devs[i].copy_from != NULL)
			unlink(g->devs[i].location);
}

/*
 * The source stays off and keeps its disks while they are copied: its guest lock, held
 * shared, keeps hpvmstart (which takes it exclusive to launch) away. -1 if it runs.
 */
static int
reserve_source(const struct guest *src, struct hpvm_err *e)
{
	int lk;

	if ((lk = lock_guest(src->uuid, LOCK_SHARED_MODE, e)) == -1)
		return -1;
	if (runtime_is_running(src->uuid)) {
		lock_release(lk);
		return hpvm_fail(e, EBUSY, "Guest '%s' is running; stop it before copying its "
		    "disks (-b).", src->name);
	}
	return lk;
}

/* The source as a template: everything but identity, VM number and MACs. */
static int
clone_template(const char *srcname, struct guest *src, struct guest *g, struct hpvm_err *e)
{
	size_t i;
	int lk, rc;

	if ((lk = lock_global(LOCK_SHARED_MODE, e)) == -1)
		return -1;
	rc = guest_store_load(srcname, src, e);
	lock_release(lk);
	if (rc == -1)
		return -1;
	if (guest_copy(g, src) == -1)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	g->uuid[0] = '\0';
	g->vmnum = 0;
	for (i = 0; i < g->ndevs; i++)
		if (g->devs[i].type == DEV_NETWORK) {
			g->devs[i].has_mac = 0;
			memset(g->devs[i].mac, 0, 6);
		}
	return 0;
}

/*
 * Clone `src` with the changes `c` (its newname names the clone). With CLONE_COPY_STORAGE the
 * disks are copied outside the global lock (the source reserved meanwhile), then the clone is
 * validated again and defined, and the copies take their names, under it. `*copied` counts
 * the disks copied; `progress` (may be NULL) hears how each copy goes.
 */
int
guest_clone(const char *src, const struct guest_change *c, enum clone_storage storage,
    enum define_mode mode, const struct file_progress *progress, size_t *copied, struct hpvm_err *e)
{
	struct guest s, g;
	int copy = storage == CLONE_COPY_STORAGE, rc = -1, lk = -1;

	*copied = 0;
	guest_init(&s);
	guest_init(&g);
	if (clone_template(src, &s, &g, e) == -1)
		goto out;
	/* Options that do not parse still leave the rest to check: every problem at once. */
	if (guest_change_apply(&g, c, e) == -1 || (copy && plan_copies(&s, &g, e) == -1))
		mode = DEFINE_CHECK_ONLY;
	if (!copy || mode == DEFINE_CHECK_ONLY) {
		rc = guest_define(&g, mode, NULL, NULL, e);
		goto out;
	}
	/* Everything that can be checked before copying is checked before copying. */
	if (guest_define(&g, DEFINE_CHECK_ONLY, NULL, NULL, e) == -1 ||
	    (lk = reserve_source(&s, e)) == -1 || copy_disks(&g, progress, e) == -1)
		goto out;
	rc = guest_define(&g, DEFINE_WRITE, commit_copies, copied, e);
	if (rc == -1) {
		remove_temps(&g);
		if (*copied > 0)
			remove_copies(&g);
		*copied = 0;
	}
out:
	lock_release(lk);
	if (hpvm_nerrors(e) > 0)
		rc = -1;
	guest_free(&s);
	guest_free(&g);
	return rc;
}
