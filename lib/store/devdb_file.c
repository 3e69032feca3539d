/*
 * devdb_file.c: the device management database as a file: read mapped, and written back
 * atomically as pieces, the file's own bytes for every entry that did not change.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dir.h"
#include "base/file.h"
#include "base/file_map.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/path.h"
#include "base/pieces.h"
#include "store/devdb.h"

/* Host directories no guest may use; HP restricted /etc and /stand, Linux boots from /boot. */
static const char *const default_rdevs[] = { "/etc", "/boot" };

/* Is this one of the entries a new database starts with? */
int
devdb_is_default(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(default_rdevs) / sizeof(default_rdevs[0]); i++)
		if (strcmp(name, default_rdevs[i]) == 0)
			return 1;
	return 0;
}

static int
load_defaults(struct devdb *db, struct hpvm_err *e)
{
	size_t i;

	for (i = 0; i < sizeof(default_rdevs) / sizeof(default_rdevs[0]); i++) {
		struct devdb_ent *ent = devdb_add(db, default_rdevs[i], "rdev");
		if (ent == NULL || devdb_attr_set(ent, "EXIST", "YES") == -1 ||
		    devdb_attr_set(ent, "DEVTYPE", "DIR") == -1 || devdb_attr_set(ent, "SHARE", "NO") == -1)
			return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	return 0;
}

/* A missing database is a new host: it starts with the default restricted directories. */
int
devdb_load(struct devdb *db, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN];
	struct hpvm_err tmp = {0};
	struct file_map m;

	memset(db, 0, sizeof(*db));
	if (path_build(path, sizeof(path), e, HPVM_DEVDB) == -1)
		return -1;
	if (file_map(path, &m, &tmp) == 0) {
		if (devdb_parse_text(db, m.text != NULL ? m.text : "", m.len, e) == -1) {
			file_unmap(&m);
			return -1;
		}
		db->orig = m;
		return 0;
	}
	if (tmp.code != ENOENT)
		return hpvm_fail(e, tmp.code, "%s", tmp.msg[0].text);
	return load_defaults(db, e);
}

/* How long an entry's line is at most, and the line itself at `p` (returns its end). */
static size_t
entry_len(const struct devdb_ent *ent)
{
	size_t j, n = strlen(ent->name) + strlen(ent->id) + 4;

	for (j = 0; j < (size_t)ent->nattr; j++)
		n += strlen(ent->attr[j].key) + strlen(ent->attr[j].val) + 2;
	for (j = 0; j < ent->ndeps; j++)
		n += strlen(ent->deps[j]) + 1;
	return n;
}

static char *
put(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

static char *
entry_put(char *p, const struct devdb_ent *ent)
{
	size_t j;

	p = put(p, ent->name);
	*p++ = ':';
	for (j = 0; j < (size_t)ent->nattr; j++) {
		if (j > 0)
			*p++ = ',';
		p = put(p, ent->attr[j].key);
		*p++ = '=';
		p = put(p, ent->attr[j].val);
	}
	*p++ = ':';
	for (j = 0; j < ent->ndeps; j++) {
		if (j > 0)
			*p++ = ',';
		p = put(p, ent->deps[j]);
	}
	*p++ = ':';
	p = put(p, ent->id);
	*p++ = '\n';
	return p;
}

/* The file as pieces: its own bytes for entries that did not change, the others formatted. */
struct db_pieces {
	struct pieces	 p;
	char		*fresh;
	char		 head[64], tail[64];
};

static int
from_file(const struct devdb *db, const struct devdb_ent *ent)
{
	return !(ent->flags & DEVDB_ENT_FRESH) && db->orig.text != NULL &&
	    ent->off + ent->len <= db->orig.len;
}

/* Room for the entries that changed, formatted one after another: each line's length at most. */
static int
pieces_room(const struct devdb *db, struct db_pieces *pc)
{
	size_t i, len = 1;

	for (i = 0; i < db->n; i++)
		if (!from_file(db, &db->ent[i]))
			len += entry_len(&db->ent[i]);
	return (pc->fresh = malloc(len)) == NULL ? -1 : 0;
}

static void
db_pieces_free(struct db_pieces *pc)
{
	pieces_free(&pc->p);
	free(pc->fresh);
}

/* The entries' lines, with the header and trailer when `framed`. */
static int
pieces_make(const struct devdb *db, int framed, struct db_pieces *pc)
{
	char *fresh, *end;
	size_t i, n;
	int rc = 0;

	memset(pc, 0, sizeof(*pc));
	if (pieces_room(db, pc) == -1)
		return -1;
	fresh = pc->fresh;
	if (framed) {
		snprintf(pc->head, sizeof(pc->head), "%s\n", DEVDB_HEADER);
		snprintf(pc->tail, sizeof(pc->tail), DEVDB_TRAILER_FMT "\n", db->n);
		rc = pieces_add(&pc->p, pc->head, strlen(pc->head));
	}
	for (i = 0; i < db->n && rc == 0; i++) {
		const struct devdb_ent *ent = &db->ent[i];
		if (from_file(db, ent)) {
			/* The line and its newline as read; a last line without one gets one. */
			n = ent->off + ent->len < db->orig.len ? ent->len + 1 : ent->len;
			rc = pieces_add(&pc->p, db->orig.text + ent->off, n);
			if (rc == 0 && n == ent->len)
				rc = pieces_add(&pc->p, "\n", 1);
		} else {
			end = entry_put(fresh, ent);
			rc = pieces_add(&pc->p, fresh, (size_t)(end - fresh));
			fresh = end;
		}
	}
	if (rc == 0 && framed)
		rc = pieces_add(&pc->p, pc->tail, strlen(pc->tail));
	if (rc == -1)
		db_pieces_free(pc);
	return rc;
}

static int
db_join(const struct devdb *db, int framed, char **out, size_t *outlen)
{
	struct db_pieces pc;
	int rc;

	if (pieces_make(db, framed, &pc) == -1)
		return -1;
	rc = pieces_join(&pc.p, out, outlen);
	db_pieces_free(&pc);
	return rc;
}

/* The entries' lines in one piece. */
int
devdb_format(const struct devdb *db, char **out, size_t *outlen)
{
	return db_join(db, 0, out, outlen);
}

/* The whole file: the header, the entries, and the trailer that counts them. */
int
devdb_text(const struct devdb *db, char **out, size_t *outlen)
{
	return db_join(db, 1, out, outlen);
}

static int
changed(const struct devdb *db)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		if (db->ent[i].flags & DEVDB_ENT_DIRTY)
			return 1;
	return db->dirty;
}

/*
 * Write the database if anything changed since it was read or last saved (a modify that
 * changes no device saves twice, and the database is large on a host of many guests).
 */
int
devdb_save(struct devdb *db, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], dir[HPVM_PATH_LEN];
	struct db_pieces pc;
	size_t i;
	int rc;

	if (!changed(db))
		return 0;
	if (path_build(path, sizeof(path), e, HPVM_DEVDB) == -1 ||
	    path_build(dir, sizeof(dir), e, HPVM_COMMON) == -1)
		return -1;
	if (dir_make(dir, 0755, e) == -1)
		return -1;
	if (pieces_make(db, 1, &pc) == -1)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	rc = file_write_atomic_iov(path, pc.p.iov, pc.p.n, 0640, e);
	db_pieces_free(&pc);
	if (rc == 0) {
		for (i = 0; i < db->n; i++)
			db->ent[i].flags &= ~(unsigned)DEVDB_ENT_DIRTY;
		db->dirty = 0;
	}
	return rc;
}

/* Run `fn` on the loaded database under the exclusive global lock; save only if it succeeded. */
int
devdb_update(devdb_editor fn, void *arg, struct hpvm_err *e)
{
	struct devdb db;
	int lk, rc = -1;

	if ((lk = lock_global(LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if (devdb_load(&db, e) == 0) {
		rc = fn(&db, arg, e);
		if (rc == 0)
			rc = devdb_save(&db, e);
		devdb_free(&db);
	}
	lock_release(lk);
	return rc;
}
