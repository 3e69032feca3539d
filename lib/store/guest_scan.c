/*
 * guest_scan.c: the guest index kept true to the configurations. A command reads the index in
 * one piece, then checks each entry against a stamp of its vmm_config.current (inode, size,
 * change and modification times): an entry that does not match, a guest the index does not
 * know, or an index that is missing or damaged is read again from the configurations, said
 * once in hpvm_mon_log, and written back. guests/ is listed only when its own stamp changed.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/bulk.h"
#include "base/file.h"
#include "base/file_map.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/monlog.h"
#include "base/path.h"
#include "model/guest.h"
#include "model/guest_index.h"
#include "store/devid.h"
#include "store/guest_scan.h"
#include "store/guest_stamp.h"
#include "store/guest_store.h"

#define LOGGED_NAMES	5	/* stale guests the log line names */

struct scan {
	struct guest_index	*ix;
	enum guest_list_mode	 mode;
	guest_busy_fn		 busy;
	int			 uuids_fd;
	int			 stale;		/* entries read again */
	int			 sweep;		/* guest_sweep_where of what changed */
	char			 names[(GUEST_NAME_MAX + 2) * LOGGED_NAMES];
	const char		*why;		/* the whole index was missing or damaged */
	int			 rebuild;	/* hpvmdevmgmt -I: the file is not even read */
	struct hpvm_err		*e;
};

static void
stamp_dir(const char *dir, char *buf, size_t len)
{
	char path[HPVM_PATH_LEN];
	struct stat st;

	buf[0] = '\0';
	if (path_build(path, sizeof(path), NULL, "%s", dir) == 0 && stat(path, &st) == 0)
		guest_stamp_format(&st, buf, len);
}

static void
note_stale(struct scan *s, const char *name)
{
	size_t off = strlen(s->names);

	if (s->stale++ < LOGGED_NAMES)
		snprintf(s->names + off, sizeof(s->names) - off, "%s'%s'", off ? ", " : "", name);
	else if (s->stale == LOGGED_NAMES + 1)
		snprintf(s->names + off, sizeof(s->names) - off, ", ...");
}

/* Each backing store's identity, for the index's line. */
static char (*identities(const struct guest *g))[DEVID_LEN]
{
	char (*ids)[DEVID_LEN] = calloc(g->ndevs + 1, sizeof(*ids));
	size_t i;

	for (i = 0; ids != NULL && i < g->ndevs; i++)
		if (g->devs[i].type != DEV_NETWORK && device_key(&g->devs[i]) != NULL)
			devid_identity(g->devs[i].location, ids[i], sizeof(ids[i]));
	return ids;
}

static int
index_set(struct guest_index *ix, const char *name, const char *stamp, const struct guest *g)
{
	char (*ids)[DEVID_LEN] = identities(g);
	const char **idp = calloc(g->ndevs + 1, sizeof(*idp));
	size_t i;
	int rc = -1;

	if (ids != NULL && idp != NULL) {
		for (i = 0; i < g->ndevs; i++)
			idp[i] = ids[i];
		rc = guest_index_set(ix, name, stamp, g, idp);
	}
	free(ids);
	free(idp);
	return rc;
}

/* The pending configuration as it is on disk. */
static int
next_load(struct guest_index *ix, struct guest_index_ent *ent, int uuids_fd)
{
	char stamp[GUEST_INDEX_STAMP_LEN];
	struct hpvm_err le = { 0 };
	struct guest g;
	int rc;

	guest_stamp_slot(uuids_fd, ent->uuid, "next", stamp, sizeof(stamp));
	if (stamp[0] == '\0')
		return guest_index_set_next(ix, ent, "", NULL, NULL);
	if (guest_store_load_uuid(ent->uuid, CONFIG_NEXT, &g, &le) == -1)
		return guest_index_set_next(ix, ent, stamp, NULL, hpvm_err_first(&le));
	rc = guest_index_set_next(ix, ent, stamp, &g, NULL);
	guest_free(&g);
	return rc;
}

/* Read guest `name` (`uuid`) again from its configurations. */
static int
entry_load(struct scan *s, const char *name, const char *uuid)
{
	char stamp[GUEST_INDEX_STAMP_LEN];
	struct hpvm_err le = { 0 };
	struct guest g;
	int rc;

	/* Stamp first: a change while we read shows as a mismatch next time, never as a match. */
	guest_stamp_slot(s->uuids_fd, uuid, "current", stamp, sizeof(stamp));
	if (guest_store_load_slot(name, CONFIG_CURRENT, &g, &le) == 0) {
		rc = index_set(s->ix, name, stamp, &g);
		guest_free(&g);
	} else
		rc = guest_index_set_unreadable(s->ix, uuid, name, stamp, hpvm_err_first(&le));
	if (rc == 0)
		rc = next_load(s->ix, guest_index_find(s->ix, uuid), s->uuids_fd);
	if (s->mode == GUEST_LIST_REPAIR && s->busy != NULL)
		guest_sweep_guest(uuid);
	return rc;
}

/* Entries whose names no longer lead to them go; REPAIR also takes the directory left without a name. */
static void
drop_unseen(struct scan *s, const unsigned char *seen, size_t n)
{
	char uuid[UUID_STR_LEN + 1];
	size_t i = n;

	while (i-- > 0) {
		if (seen[i])
			continue;
		snprintf(uuid, sizeof(uuid), "%s", s->ix->ent[i].uuid);
		note_stale(s, s->ix->ent[i].name);
		guest_index_remove(s->ix, uuid);
		if (s->mode == GUEST_LIST_REPAIR && s->busy != NULL)
			guest_sweep_orphan(uuid, s->busy);
	}
}

/* guests/ changed: every name, the guest it leads to; new guests read, renamed ones renamed. */
static int
reconcile(struct scan *s, int force)
{
	struct guest_index *ix = s->ix;
	struct guest_store_list l;
	struct guest_index_ent *ent;
	unsigned char *seen;
	size_t i, n = ix->n;
	int rc = 0;
	char stamp[GUEST_INDEX_STAMP_LEN];

	stamp_dir(HPVM_GUESTS, stamp, sizeof(stamp));
	if (!force && stamp[0] != '\0' && strcmp(stamp, ix->guests_stamp) == 0)
		return 0;
	s->sweep |= SWEEP_GUESTS;
	if (guest_store_list(&l, s->mode, s->e) == -1)
		return -1;
	if ((seen = calloc(n + 1, 1)) == NULL) {
		guest_store_list_free(&l);
		return hpvm_fail(s->e, ENOMEM, "Out of memory.");
	}
	for (i = 0; i < l.n && rc == 0; i++) {
		if ((ent = guest_index_find(ix, l.uuids[i])) == NULL) {
			note_stale(s, l.names[i]);
			rc = entry_load(s, l.names[i], l.uuids[i]);
			continue;
		}
		if ((size_t)(ent - ix->ent) < n)
			seen[ent - ix->ent] = 1;
		if (strcmp(ent->name, l.names[i]) != 0) {
			note_stale(s, l.names[i]);
			rc = entry_load(s, l.names[i], l.uuids[i]);
		}
	}
	if (rc == 0)
		drop_unseen(s, seen, n);
	free(seen);
	guest_store_list_free(&l);
	return rc == 0 ? 0 : hpvm_fail(s->e, ENOMEM, "Out of memory.");
}

/* One entry against its files' stamps; `current` is its vmm_config.current's as it is now. */
static int
verify_one(struct scan *s, struct guest_index_ent *ent, const char *current)
{
	char stamp[GUEST_INDEX_STAMP_LEN], name[GUEST_NAME_MAX + 1], uuid[UUID_STR_LEN + 1];

	if (strcmp(current, ent->stamp) != 0) {
		snprintf(name, sizeof(name), "%s", ent->name);
		snprintf(uuid, sizeof(uuid), "%s", ent->uuid);
		note_stale(s, name);
		return entry_load(s, name, uuid) == -1 ? hpvm_fail(s->e, ENOMEM, "Out of memory.") : 0;
	}
	if (ent->next_stamp[0] == '\0')
		return 0;
	guest_stamp_slot(s->uuids_fd, ent->uuid, "next", stamp, sizeof(stamp));
	if (strcmp(stamp, ent->next_stamp) != 0) {
		note_stale(s, ent->name);
		if (next_load(s->ix, ent, s->uuids_fd) == -1)
			return hpvm_fail(s->e, ENOMEM, "Out of memory.");
	}
	return 0;
}

/* Every entry against its files' stamps, all taken first (a stale entry is read again in its place). */
static int
verify(struct scan *s)
{
	guest_stamp *cur = bulk_alloc((s->ix->n + 1) * sizeof(*cur));
	size_t i, n = s->ix->n;
	int rc = 0;

	if (cur == NULL)
		return hpvm_fail(s->e, ENOMEM, "Out of memory.");
	guest_stamp_all(s->uuids_fd, s->ix, cur);
	for (i = 0; i < n && rc == 0; i++)
		rc = verify_one(s, &s->ix->ent[i], cur[i]);
	bulk_free(cur);
	return rc;
}

/* The index file as it is; `why` says what is wrong when there is none to use. */
static void
index_read(struct guest_index *ix, const char **why)
{
	char path[HPVM_PATH_LEN];
	struct hpvm_err re = { 0 };
	struct file_map m;

	*why = NULL;
	guest_index_init(ix);
	if (path_build(path, sizeof(path), NULL, HPVM_GUEST_INDEX) == -1 ||
	    file_map(path, &m, &re) == -1)
		*why = re.code == ENOENT ? "missing" : "unreadable";
	else if (guest_index_parse_map(ix, &m, NULL) == -1)
		*why = "damaged";
	if (*why != NULL)
		ix->changed = 1;
}

static void
warn_unreadable(const struct guest_index *ix, struct hpvm_err *e)
{
	size_t i;

	for (i = 0; i < ix->n; i++) {
		const struct guest_index_ent *ent = &ix->ent[i];
		if ((long)i == ix->skip)
			continue;
		if (ent->state == GUEST_INDEX_UNREADABLE)
			hpvm_warn(e, "Guest '%s' cannot be read: %s", ent->name, ent->line);
		else if (ent->next == GUEST_NEXT_UNREADABLE)
			hpvm_warn(e, "Guest '%s' cannot be read: %s", ent->name, ent->why_next);
	}
}

static void
log_once(const struct scan *s)
{
	if (s->rebuild)
		monlog_write("guest index %s rebuilt from the configurations of %zu guests "
		    "(hpvmdevmgmt -I)", HPVM_GUEST_INDEX, s->ix->n);
	else if (s->why != NULL && s->ix->n > 0)
		monlog_write("guest index %s was %s: rebuilt from the configurations of %zu guests",
		    HPVM_GUEST_INDEX, s->why, s->ix->n);
	else if (s->why == NULL && s->stale > 0)
		monlog_write("guest index: %d %s did not match the configurations (%s): read again "
		    "from them", s->stale, s->stale == 1 ? "entry" : "entries", s->names);
}

static int
linked(const char *uuid, void *arg)
{
	return guest_index_find(arg, uuid) != NULL;
}

/* With the exclusive lock: debris where something changed, or everywhere after a killed command. */
static void
sweep(struct scan *s, enum guest_scan_sweep how)
{
	char stamp[GUEST_INDEX_STAMP_LEN];
	int all = how == SCAN_SWEEP_ALL;

	stamp_dir(HPVM_UUIDS, stamp, sizeof(stamp));
	if (all || strcmp(stamp, s->ix->uuids_stamp) != 0)
		s->sweep |= SWEEP_UUIDS;
	guest_sweep_dirs(SWEEP_COMMON | (all ? SWEEP_GUESTS | SWEEP_UUIDS : s->sweep));
	/* uuids/ changed behind the index's back: a create or a remove was cut short, or a hand was at work. */
	if (s->sweep & SWEEP_UUIDS)
		guest_sweep_orphans(linked, s->ix, s->busy, 1);
}

static int
scan_run(struct scan *s, const char *skip, enum guest_scan_sweep how, struct hpvm_err *e)
{
	struct guest_index *ix = s->ix;
	char path[HPVM_PATH_LEN];
	int rc = -1;

	s->e = e;
	if (s->rebuild) {
		guest_index_init(ix);
		ix->changed = 1;
		s->why = "rebuilt";
	} else
		index_read(ix, &s->why);
	if (path_build(path, sizeof(path), e, HPVM_UUIDS) == -1)
		return -1;
	if ((s->uuids_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 && errno != ENOENT)
		return hpvm_fail(e, errno, "Unable to read %s: %s", path, strerror(errno));
	if (reconcile(s, s->why != NULL || how == SCAN_SWEEP_ALL) == 0 && verify(s) == 0) {
		if (s->busy != NULL)
			sweep(s, how);
		log_once(s);
		guest_index_skip(ix, skip);
		guest_index_sort(ix);
		warn_unreadable(ix, e);
		/* A reader may write back what it found too: what it writes is what is on disk. */
		if (guest_scan_save(ix, s->rebuild ? e : NULL) == -1)
			return -1;
		rc = 0;
	}
	if (s->uuids_fd >= 0)
		close(s->uuids_fd);
	if (rc == -1)
		guest_index_free(ix);
	return rc;
}

/*
 * The index, true to the configurations: every guest but `skip` (may be NULL) counts for the
 * uniqueness checks. GUEST_LIST_REPAIR (exclusive lock held) also removes links a crash left.
 */
int
guest_scan(struct guest_index *ix, const char *skip, enum guest_list_mode mode, struct hpvm_err *e)
{
	struct scan s = { .ix = ix, .mode = mode, .uuids_fd = -1 };

	return scan_run(&s, skip, SCAN_SWEEP_CHANGED, e);
}

/* The same for a command that holds the exclusive lock to change guests: it also clears debris. */
int
guest_scan_repair(struct guest_index *ix, const char *skip, enum guest_scan_sweep how,
    guest_busy_fn busy, struct hpvm_err *e)
{
	struct scan s = { .ix = ix, .mode = GUEST_LIST_REPAIR, .busy = busy, .uuids_fd = -1 };

	return scan_run(&s, skip, how, e);
}

/*
 * Record guest `g` after its configuration was written: read back from disk, so the entry is
 * what a rebuild would give, whatever the XML keeps or leaves out of what was in memory.
 */
int
guest_scan_put(struct guest_index *ix, const struct guest *g, struct hpvm_err *e)
{
	struct scan s = { .ix = ix, .mode = GUEST_LIST_READ, .uuids_fd = -1 };
	char path[HPVM_PATH_LEN];
	int rc;

	if (path_build(path, sizeof(path), e, HPVM_UUIDS) == -1)
		return -1;
	if ((s.uuids_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return hpvm_fail(e, errno, "Unable to read %s: %s", path, strerror(errno));
	rc = entry_load(&s, g->name, g->uuid);
	close(s.uuids_fd);
	return rc == 0 ? 0 : hpvm_fail(e, ENOMEM, "Out of memory.");
}

/* Write the index if it changed, with the stamps of guests/ and uuids/ as they are now. */
int
guest_scan_save(struct guest_index *ix, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], stamp[GUEST_INDEX_STAMP_LEN];
	struct guest_index_pieces pc;
	int rc;

	stamp_dir(HPVM_GUESTS, stamp, sizeof(stamp));
	if (strcmp(stamp, ix->guests_stamp) != 0) {
		snprintf(ix->guests_stamp, sizeof(ix->guests_stamp), "%s", stamp);
		ix->changed = 1;
	}
	stamp_dir(HPVM_UUIDS, stamp, sizeof(stamp));
	if (strcmp(stamp, ix->uuids_stamp) != 0) {
		snprintf(ix->uuids_stamp, sizeof(ix->uuids_stamp), "%s", stamp);
		ix->changed = 1;
	}
	if (!ix->changed)
		return 0;
	if (path_build(path, sizeof(path), e, HPVM_GUEST_INDEX) == -1)
		return -1;
	guest_index_sort(ix);
	if (guest_index_pieces(ix, &pc) == -1)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	/* A cache: written whole or not at all, but not synced; a crash costs a rebuild, nothing more. */
	rc = file_write_cache_iov(path, pc.p.iov, pc.p.n, GUEST_STORE_FILE_MODE, e);
	guest_index_pieces_free(&pc);
	if (rc == 0)
		ix->changed = 0;
	return rc;
}

/* hpvmdevmgmt -I: the whole index again from the configurations, whatever the one on disk says. */
int
guest_scan_rebuild(struct hpvm_err *e)
{
	struct guest_index ix;
	struct scan s = { .ix = &ix, .mode = GUEST_LIST_READ, .uuids_fd = -1, .rebuild = 1 };
	int lk, rc;

	if ((lk = lock_global(LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if ((rc = scan_run(&s, NULL, SCAN_SWEEP_CHANGED, e)) == 0)
		guest_index_free(&ix);
	lock_release(lk);
	return rc;
}

struct by_name {
	const struct guest_index_ent	*ent;
};

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct by_name *)a)->ent->name, ((const struct by_name *)b)->ent->name);
}

/*
 * Visit every guest whose configuration reads, by name, from the index; one that does not
 * read is a warning that names it and its file, and the others are still visited. `fn`
 * returns -1 to stop early.
 */
int
guest_scan_each(guest_visitor fn, void *arg, struct hpvm_err *e)
{
	struct guest_index ix;
	struct by_name *order;
	struct guest g;
	size_t i;
	int rc = 0;

	if (guest_scan(&ix, NULL, GUEST_LIST_READ, e) == -1)
		return -1;
	if ((order = calloc(ix.n + 1, sizeof(*order))) == NULL) {
		guest_index_free(&ix);
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	for (i = 0; i < ix.n; i++)
		order[i].ent = &ix.ent[i];
	if (ix.n > 0)
		qsort(order, ix.n, sizeof(*order), cmp_name);
	for (i = 0; i < ix.n && rc == 0; i++) {
		if (guest_index_guest(order[i].ent, &g) == -1)
			continue;
		rc = fn(&g, arg);
		guest_free(&g);
	}
	free(order);
	guest_index_free(&ix);
	return rc;
}

/* The name of the guest with VM number `vmnum` (HP's -p), from the index's summaries; or -1 and HP's message. */
int
guest_scan_name_of(int vmnum, char *name, size_t len, struct hpvm_err *e)
{
	struct guest_index ix;
	size_t i;
	int found = 0;

	if (guest_scan(&ix, NULL, GUEST_LIST_READ, e) == -1)
		return -1;
	for (i = 0; i < ix.n && !found; i++)
		if (ix.ent[i].state == GUEST_INDEX_OK && ix.ent[i].sum.vmnum == vmnum) {
			snprintf(name, len, "%s", ix.ent[i].name);
			found = 1;
		}
	guest_index_free(&ix);
	if (!found)
		return hpvm_fail(e, ENOENT, "No Guest by that name or number: %d.", vmnum);
	return 0;
}
