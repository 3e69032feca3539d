/* guest_clone.c: hpvmclone: the source as a template, its disks copied or shared, defined as one transaction. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "model/guest.h"
#include "model/guest_change.h"
#include "ops/guest_clone.h"
#include "ops/guest_define.h"
#include "store/guest_store.h"

static int
copyable(const struct device *d)
{
	return d->type == DEV_DISK && d->backing == BK_FILE;
}

/* "/img/vm1-root.img" for clone vm2 of vm1 becomes "/img/vm2-root.img"; without the old name, "/img/vm2-root.img" from "root.img". */
static void
clone_path(const char *src, const char *from, const char *to, char *out, size_t len)
{
	char d[LOCATION_MAX + 1], b[LOCATION_MAX + 1], *at;

	snprintf(d, sizeof(d), "%s", src);
	snprintf(b, sizeof(b), "%s", src);
	const char *dir = dirname(d), *base = basename(b);
	if ((at = strstr(base, from)) != NULL)
		snprintf(out, len, "%s/%.*s%s%s", strcmp(dir, "/") ? dir : "", (int)(at - base),
		    base, to, at + strlen(from));
	else
		snprintf(out, len, "%s/%s-%s", strcmp(dir, "/") ? dir : "", to, base);
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
				clone_path(s->location, src->name, g->name, path, sizeof(path));
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

/* Runs under the lock once everything validated; a failure removes the copies already made. */
static int
make_copies(struct guest *g, void *arg, struct hpvm_err *e)
{
	size_t *done = arg, i;

	for (i = 0; i < g->ndevs; i++) {
		struct device *d = &g->devs[i];
		if (d->copy_from == NULL)
			continue;
		if (file_copy(d->copy_from, d->location, e) == -1) {
			while (i-- > 0)
				if (g->devs[i].copy_from != NULL)
					unlink(g->devs[i].location);
			return -1;
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
 * Clone `src` with the changes `c` (its newname names the clone). `*copied` counts the disks
 * copied; copies are removed again when the clone cannot be defined.
 */
int
guest_clone(const char *src, const struct guest_change *c, enum clone_storage storage,
    enum define_mode mode, size_t *copied, struct hpvm_err *e)
{
	struct guest s, g;
	int copy = storage == CLONE_COPY_STORAGE, rc = -1;

	*copied = 0;
	guest_init(&s);
	guest_init(&g);
	if (clone_template(src, &s, &g, e) == 0) {
		/* Options that do not parse still leave the rest to check: every problem at once. */
		if (guest_change_apply(&g, c, e) == -1 || (copy && plan_copies(&s, &g, e) == -1))
			mode = DEFINE_CHECK_ONLY;
		rc = guest_define(&g, mode, copy && mode == DEFINE_WRITE ? make_copies : NULL, copied, e);
	}
	if (hpvm_nerrors(e) > 0)
		rc = -1;
	if (rc == -1 && *copied > 0)
		remove_copies(&g);
	guest_free(&s);
	guest_free(&g);
	return rc;
}
