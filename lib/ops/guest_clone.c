/* guest_clone.c: hpvmclone: the source as a template, its storage shared or copied (-b), defined as one transaction. */
#include <errno.h>
#include <fcntl.h>
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
#include "model/rspec.h"
#include "ops/guest_clone.h"
#include "ops/guest_define.h"
#include "store/guest_store.h"
#include "vmm/runtime.h"

/* A store -b can copy from: something with bytes in it on this host. */
static int
copyable(const struct device *d)
{
	return d->type == DEV_DISK && (d->backing == BK_FILE || d->backing == BK_DISK ||
	    d->backing == BK_LV);
}

static struct device *
device_at(const struct guest *g, const struct device *p)
{
	size_t i;

	for (i = 0; i < g->ndevs; i++) {
		struct device *d = &g->devs[i];
		if (d->type == p->type && d->adapter == p->adapter && d->bus == p->bus &&
		    d->dev == p->dev && d->target == p->target)
			return d;
	}
	return NULL;
}

/*
 * One -b statement, HP's form: disk:scsi:0,2,0:file:/new/path. The source's disk at that
 * address is copied to the new file, which the clone maps in its place.
 */
static int
plan_copy(const struct guest *src, struct guest *g, const char *text, struct hpvm_err *e)
{
	struct device p, *d;
	const struct device *s;
	int rc = -1;

	if (rspec_parse(text, &p, e) == -1)
		return -1;
	if (p.type != DEV_DISK || p.backing != BK_FILE || p.bus < 0 || p.dev < 0 || p.target < 0)
		hpvm_fail(e, EINVAL, "'%s' must name a disk at its full hardware address and the "
		    "new backing file: disk:adapter:bus,device,target:file:path.", text);
	else if ((s = device_at(src, &p)) == NULL || !copyable(s))
		hpvm_fail(e, ENOENT, "Guest '%s' has no disk with a backing store at %d,%d,%d "
		    "('%s').", src->name, p.bus, p.dev, p.target, text);
	else if ((d = device_at(g, &p)) == NULL || strcmp(d->location, s->location) != 0)
		hpvm_fail(e, EINVAL, "'%s' copies a disk the clone no longer has at that address.",
		    text);
	else if ((d->copy_from = strdup(s->location)) == NULL || device_set_spec(d, text) == -1)
		hpvm_fail(e, ENOMEM, "Out of memory.");
	else {
		d->backing = BK_FILE;
		snprintf(d->location, sizeof(d->location), "%s", p.location);
		rc = 0;
	}
	device_free(&p);
	return rc;
}

static int
plan_copies(const struct guest *src, struct guest *g, const struct clone_copies *cp,
    struct hpvm_err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < cp->n; i++)
		if (plan_copy(src, g, cp->rsrc[i], e) == -1)
			rc = -1;
	return rc;
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
		    "storage (-b).", src->name);
	}
	return lk;
}

/* The source as a template: everything but identity, VM number, MACs and ports. */
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
			g->devs[i].portid = -1;
			memset(g->devs[i].mac, 0, 6);
		}
	return 0;
}

/* The second pass of a copying clone repeats the first's warnings: keep only its errors. */
static void
keep_errors(struct hpvm_err *e, const struct hpvm_err *pass)
{
	int k;

	for (k = 0; k < pass->n; k++)
		if (pass->msg[k].sev == HPVM_ERROR)
			hpvm_fail(e, pass->code, "%s", pass->msg[k].text);
}

/*
 * Clone `src` with the changes `c` (its newname names the clone). Storage the clone keeps
 * from its source is shared, with a warning each. The disks `cp` names (-b) are copied
 * outside the global lock (the source reserved meanwhile), then the clone is validated again
 * and defined, and the copies take their names, under it. `*copied` counts the disks copied;
 * `progress` (may be NULL) hears how each copy goes.
 */
int
guest_clone(const char *src, const struct guest_change *c, const struct clone_copies *cp,
    enum define_mode mode, const struct file_progress *progress, size_t *copied, struct hpvm_err *e)
{
	struct hpvm_err pass = { 0 };
	struct guest s, g;
	int rc = -1, lk = -1;

	*copied = 0;
	guest_init(&s);
	guest_init(&g);
	if (clone_template(src, &s, &g, e) == -1)
		goto out;
	/* Options that do not parse still leave the rest to check: every problem at once. */
	if (guest_change_apply(&g, c, e) == -1 || plan_copies(&s, &g, cp, e) == -1)
		mode = DEFINE_CHECK_ONLY;
	if (cp->n == 0 || mode == DEFINE_CHECK_ONLY) {
		rc = guest_define_sharing(&g, mode, NULL, NULL, e);
		goto out;
	}
	/* Everything that can be checked before copying is checked before copying. */
	if (guest_define_sharing(&g, DEFINE_CHECK_ONLY, NULL, NULL, e) == -1 ||
	    (lk = reserve_source(&s, e)) == -1 || copy_disks(&g, progress, e) == -1)
		goto out;
	rc = guest_define_sharing(&g, DEFINE_WRITE, commit_copies, copied, &pass);
	keep_errors(e, &pass);
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
