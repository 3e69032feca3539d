/* hpvmclone: define a new guest from an existing one: new UUID and MACs, optionally copies of its file-backed disks. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdlog.h"
#include "cmdutil.h"
#include "err.h"
#include "fsutil.h"
#include "guest.h"
#include "guest_ops.h"
#include "guest_opts.h"
#include "guest_store.h"
#include "lock.h"

static const char synopsis[] =
"hpvmclone -P vm-name -N new-vm-name [-O os-type] [-c vcpus]\n"
"          [-e percent[:max] | -E cycles[:max]] [-r memory] [-a rsrc]... [-d rsrc]...\n"
"          [-m rsrc]... [-l label] [-B auto|manual] [-u user[:admin|:oper]]...\n"
"          [-g group[:admin|:oper]]... [-x attr=value]... [-b] [-s]\n"
"hpvmclone -H\n";

static void __attribute__((noreturn))
usage(int help)
{
	cmd_usage(synopsis, help);
}

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

struct copy_state {
	size_t	done;
};

/* Runs under the lock once everything validated; a failure removes the copies already made. */
static int
make_copies(struct guest *g, void *arg, struct hpvm_err *e)
{
	struct copy_state *st = arg;
	size_t i;

	for (i = 0; i < g->ndevs; i++) {
		struct device *d = &g->devs[i];
		if (d->copy_from == NULL)
			continue;
		if (file_copy_sparse(d->copy_from, d->location, e) == -1) {
			while (i-- > 0)
				if (g->devs[i].copy_from != NULL)
					unlink(g->devs[i].location);
			return -1;
		}
		st->done++;
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
	int lk;

	if ((lk = lock_global(LOCK_SHARED_MODE, e)) == -1)
		return -1;
	int rc = guest_load(srcname, src, e);
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

int
main(int argc, char *argv[])
{
	struct guest_change c = {0};
	struct copy_state st = {0};
	struct hpvm_err e = {0};
	struct guest src, g;
	const char *name = NULL, *newname = NULL;
	int ch, check_only = 0, copy = 0, rc = -1;

	cmdlog_begin(argc, argv);
	while ((ch = getopt(argc, argv, "P:N:a:d:m:bsH" GUEST_OPT_LETTERS)) != -1) {
		switch (ch) {
		case 'P': name = optarg; break;
		case 'N': newname = optarg; break;
		case 'b': copy = 1; break;
		case 's': check_only = 1; break;
		case 'H': usage(1);
		case '?': usage(0);
		default:
			if (guest_change_add(&c, ch, optarg) == -1) {
				hpvm_fail(&e, 0, "Out of memory.");
				return cmdlog_end(hpvm_report("hpvmclone", name, &e));
			}
		}
	}
	if (name == NULL || newname == NULL || optind != argc)
		usage(0);
	guest_init(&src);
	guest_init(&g);
	c.newname = newname;
	if (clone_template(name, &src, &g, &e) == 0 && guest_change_apply(&g, &c, &e) == 0 &&
	    (!copy || plan_copies(&src, &g, &e) == 0))
		rc = guest_define(&g, check_only, copy && !check_only ? make_copies : NULL, &st, &e);
	if (rc == -1 && st.done > 0)
		remove_copies(&g);
	rc = hpvm_report("hpvmclone", newname, &e);
	if (rc == 0 && st.done > 0)
		printf("hpvmclone: Virtual storage cloned successfully.\n");
	guest_free(&src);
	guest_free(&g);
	guest_change_free(&c);
	return cmdlog_end(rc);
}
