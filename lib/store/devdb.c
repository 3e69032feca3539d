/*
 * devdb.c: the device management database in memory: its entries, read from text in one copy
 * with their strings left in place (a host of many guests reads it on every create), and the
 * edits that mark an entry changed, so only changed entries are formatted when it is written.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bulk.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "base/str.h"
#include "store/devdb.h"

/* The identity of an entry that has none: not in any text, never freed. */
static char no_id[] = "";

static void
ent_changed(struct devdb_ent *ent)
{
	ent->flags |= DEVDB_ENT_FRESH | DEVDB_ENT_DIRTY;
}

/* Free a string of the entry unless it lies in the text the entry was read from. */
static void
str_release(const struct devdb_ent *ent, const char *s)
{
	uintptr_t p = (uintptr_t)s;

	if (s == no_id)
		return;
	if (ent->line == NULL || p < (uintptr_t)ent->line || p >= (uintptr_t)ent->line_end)
		free((void *)p);
}

static void
ent_free(struct devdb_ent *ent)
{
	size_t i;

	str_release(ent, ent->name);
	str_release(ent, ent->id);
	for (i = 0; i < (size_t)ent->nattr; i++) {
		str_release(ent, ent->attr[i].key);
		str_release(ent, ent->attr[i].val);
	}
	for (i = 0; i < ent->ndeps; i++)
		str_release(ent, ent->deps[i]);
	if (ent->flags & DEVDB_ENT_OWN_ATTR)
		free(ent->attr);
	if (ent->flags & DEVDB_ENT_OWN_DEPS)
		free(ent->deps);
}

/*
 * The read entries' attributes and dependents, each entry's in one piece, in chunks that
 * never move: entries point into them, and a database's size is not known before it is read.
 */
struct devdb_chunk {
	struct devdb_chunk	*next;
	size_t			 used, cap;
	_Alignas(16) unsigned char data[];
};

#define POOL_CHUNK	(1 << 20)

static void *
pool_take(struct devdb *db, size_t len)
{
	struct devdb_chunk *c = db->pool;
	size_t cap;

	len = (len + 15) & ~(size_t)15;
	if (c == NULL || c->cap - c->used < len) {
		cap = len > POOL_CHUNK ? len : POOL_CHUNK;
		if ((c = bulk_alloc(sizeof(*c) + cap)) == NULL)
			return NULL;
		c->cap = cap;
		c->next = db->pool;
		db->pool = c;
	}
	c->used += len;
	return c->data + c->used - len;
}

static void
pool_free(struct devdb *db)
{
	struct devdb_chunk *c, *next;

	for (c = db->pool; c != NULL; c = next) {
		next = c->next;
		bulk_free(c);
	}
	db->pool = NULL;
}

void
devdb_free(struct devdb *db)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		ent_free(&db->ent[i]);
	bulk_free(db->ent);
	bulk_free(db->text);
	pool_free(db);
	keytab_free(&db->names);
	file_unmap(&db->orig);
	memset(db, 0, sizeof(*db));
}

/* Names to entries; built when first needed, dropped when entries move. */
static const char *
ent_key(size_t i, const void *arg)
{
	const struct devdb *db = arg;

	return db->ent[i].name;
}

struct devdb_ent *
devdb_find(struct devdb *db, const char *name)
{
	long k = keytab_lookup(&db->names, db->n, name, ent_key, db);

	return k < 0 ? NULL : &db->ent[k];
}

/* An empty entry at the end of the table, not counted yet. */
static struct devdb_ent *
ent_append(struct devdb *db)
{
	struct devdb_ent *ent;

	if (db->n == db->cap) {
		size_t cap = db->cap ? db->cap * 2 : 32;
		if ((ent = bulk_realloc(db->ent, cap * sizeof(*ent))) == NULL)
			return NULL;
		db->ent = ent;
		db->cap = cap;
	}
	ent = &db->ent[db->n];
	memset(ent, 0, sizeof(*ent));
	ent->id = no_id;
	return ent;
}

/* New entry with CONFIG set; pointers into the table are invalid after this call. */
struct devdb_ent *
devdb_add(struct devdb *db, const char *name, const char *config)
{
	struct devdb_ent *ent = ent_append(db);

	if (ent == NULL || (ent->name = strdup(name)) == NULL)
		return NULL;
	ent->flags = DEVDB_ENT_FRESH | DEVDB_ENT_DIRTY;
	db->n++;
	db->dirty = 1;
	keytab_append(&db->names, db->n - 1, ent_key, db);
	if (devdb_attr_set(ent, "CONFIG", config) == -1)
		return NULL;
	return ent;
}

void
devdb_remove(struct devdb *db, struct devdb_ent *ent)
{
	size_t i = (size_t)(ent - db->ent);

	ent_free(ent);
	memmove(&db->ent[i], &db->ent[i + 1], (db->n - i - 1) * sizeof(*ent));
	db->n--;
	db->dirty = 1;
	keytab_free(&db->names);
}

int
devdb_ent_rename(struct devdb *db, struct devdb_ent *ent, const char *name)
{
	char *s = strdup(name);

	if (s == NULL)
		return -1;
	str_release(ent, ent->name);
	ent->name = s;
	ent_changed(ent);
	keytab_free(&db->names);
	return 0;
}

int
devdb_ent_set_id(struct devdb_ent *ent, const char *id)
{
	char *s;

	if (strcmp(ent->id, id) == 0)
		return 0;
	if (strlen(id) >= DEVID_LEN || (s = strdup(id)) == NULL)
		return -1;
	str_release(ent, ent->id);
	ent->id = s;
	ent_changed(ent);
	return 0;
}

static int
attr_index(const struct devdb_ent *ent, const char *key)
{
	int i;

	for (i = 0; i < ent->nattr; i++)
		if (strcmp(ent->attr[i].key, key) == 0)
			return i;
	return -1;
}

const char *
devdb_attr(const struct devdb_ent *ent, const char *key)
{
	int i = attr_index(ent, key);

	return i < 0 ? NULL : ent->attr[i].val;
}

/* Is attribute `key` set to exactly `val`? */
int
devdb_attr_is(const struct devdb_ent *ent, const char *key, const char *val)
{
	const char *v = devdb_attr(ent, key);

	return v != NULL && strcmp(v, val) == 0;
}

/* Room for one attribute more: the entry's share of the table, then memory of its own. */
static int
attr_room(struct devdb_ent *ent)
{
	struct devdb_attr *na;
	int want = ent->acap < 4 ? 4 : ent->acap * 2 > DEVDB_ATTR_MAX ? DEVDB_ATTR_MAX : ent->acap * 2;

	if (ent->nattr < ent->acap)
		return 0;
	if (ent->nattr >= DEVDB_ATTR_MAX || (na = malloc((size_t)want * sizeof(*na))) == NULL)
		return -1;
	if (ent->nattr > 0)
		memcpy(na, ent->attr, (size_t)ent->nattr * sizeof(*na));
	if (ent->flags & DEVDB_ENT_OWN_ATTR)
		free(ent->attr);
	ent->attr = na;
	ent->acap = want;
	ent->flags |= DEVDB_ENT_OWN_ATTR;
	return 0;
}

int
devdb_attr_set(struct devdb_ent *ent, const char *key, const char *val)
{
	int i = attr_index(ent, key);
	char *k = NULL, *v;

	if (strlen(key) >= DEVDB_KEY_LEN || strlen(val) >= DEVDB_VAL_LEN)
		return -1;
	if (i >= 0 && strcmp(ent->attr[i].val, val) == 0)
		return 0;
	if ((i < 0 && (attr_room(ent) == -1 || (k = strdup(key)) == NULL)) ||
	    (v = strdup(val)) == NULL) {
		free(k);
		return -1;
	}
	if (i < 0) {
		i = ent->nattr++;
		ent->attr[i].key = k;
	} else
		str_release(ent, ent->attr[i].val);
	ent->attr[i].val = v;
	ent_changed(ent);
	return 0;
}

/* Take attribute `key` away; -1 when the entry has none. */
int
devdb_attr_unset(struct devdb_ent *ent, const char *key)
{
	int i = attr_index(ent, key);

	if (i < 0)
		return -1;
	str_release(ent, ent->attr[i].key);
	str_release(ent, ent->attr[i].val);
	memmove(&ent->attr[i], &ent->attr[i + 1], (size_t)(ent->nattr - i - 1) * sizeof(ent->attr[0]));
	ent->nattr--;
	ent_changed(ent);
	return 0;
}

int
devdb_dep_has(const struct devdb_ent *ent, const char *dep)
{
	size_t i;

	for (i = 0; i < ent->ndeps; i++)
		if (strcmp(ent->deps[i], dep) == 0)
			return 1;
	return 0;
}

int
devdb_dep_add(struct devdb_ent *ent, const char *dep)
{
	char **nd, *s;
	size_t cap;

	if (devdb_dep_has(ent, dep))
		return 0;
	if (ent->ndeps == ent->dcap) {
		cap = ent->dcap < 4 ? 4 : ent->dcap * 2;
		if ((nd = malloc(cap * sizeof(*nd))) == NULL)
			return -1;
		if (ent->ndeps > 0)
			memcpy(nd, ent->deps, ent->ndeps * sizeof(*nd));
		if (ent->flags & DEVDB_ENT_OWN_DEPS)
			free(ent->deps);
		ent->deps = nd;
		ent->dcap = cap;
		ent->flags |= DEVDB_ENT_OWN_DEPS;
	}
	if ((s = strdup(dep)) == NULL)
		return -1;
	ent->deps[ent->ndeps++] = s;
	ent_changed(ent);
	return 0;
}

int
devdb_dep_remove(struct devdb_ent *ent, const char *dep)
{
	size_t i;

	for (i = 0; i < ent->ndeps; i++)
		if (strcmp(ent->deps[i], dep) == 0) {
			str_release(ent, ent->deps[i]);
			memmove(&ent->deps[i], &ent->deps[i + 1],
			    (ent->ndeps - i - 1) * sizeof(char *));
			ent->ndeps--;
			ent_changed(ent);
			return 0;
		}
	return -1;
}

/* How many times `c` is in `s`. */
static size_t
count_of(const char *s, int c)
{
	size_t n = 0;

	for (; (s = strchr(s, c)) != NULL; s++)
		n++;
	return n;
}

/* Attributes in place, in the entry's share of the pool. */
static int
parse_attrs(struct devdb *db, struct devdb_ent *ent, char *s)
{
	char *tok, *save = NULL, *eq;
	int i;

	if ((ent->attr = pool_take(db, (count_of(s, '=') + 1) * sizeof(*ent->attr))) == NULL)
		return -1;
	for (tok = strtok_r(s, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(tok, '=')) == NULL)
			return -1;
		*eq = '\0';
		if (strlen(tok) >= DEVDB_KEY_LEN || strlen(eq + 1) >= DEVDB_VAL_LEN)
			return -1;
		if ((i = attr_index(ent, tok)) >= 0) {	/* named twice: the last one counts */
			ent->attr[i].val = eq + 1;
			ent->flags |= DEVDB_ENT_FRESH;
			continue;
		}
		if (ent->nattr == DEVDB_ATTR_MAX)
			return -1;
		ent->attr[ent->nattr].key = tok;
		ent->attr[ent->nattr++].val = eq + 1;
	}
	ent->acap = ent->nattr;
	return 0;
}

struct dep_pos {
	char	*dep;
	size_t	 pos;
};

static int
cmp_dep_pos(const void *a, const void *b)
{
	const struct dep_pos *x = a, *y = b;
	int c = strcmp(x->dep, y->dep);

	return c != 0 ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* A dependent named twice counts once (the first place kept): sorted, not a scan per name. */
static int
deps_dedupe(struct devdb_ent *ent)
{
	struct dep_pos *dp = calloc(ent->ndeps, sizeof(*dp));
	size_t i, keep = 0;

	if (dp == NULL)
		return -1;
	for (i = 0; i < ent->ndeps; i++)
		dp[i] = (struct dep_pos){ ent->deps[i], i };
	qsort(dp, ent->ndeps, sizeof(*dp), cmp_dep_pos);
	for (i = 1; i < ent->ndeps; i++)
		if (strcmp(dp[i].dep, dp[i - 1].dep) == 0) {
			ent->deps[dp[i].pos] = NULL;
			ent->flags |= DEVDB_ENT_FRESH;
		}
	free(dp);
	for (i = 0; i < ent->ndeps; i++)
		if (ent->deps[i] != NULL)
			ent->deps[keep++] = ent->deps[i];
	ent->ndeps = keep;
	return 0;
}

/* Dependents in place, in the entry's share of the pool. */
static int
parse_deps(struct devdb *db, struct devdb_ent *ent, char *s)
{
	char *tok, *save = NULL;

	if ((ent->deps = pool_take(db, (count_of(s, ',') + 1) * sizeof(*ent->deps))) == NULL)
		return -1;
	for (tok = strtok_r(s, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save))
		ent->deps[ent->ndeps++] = tok;
	ent->dcap = ent->ndeps;
	return ent->ndeps > 1 ? deps_dedupe(ent) : 0;
}

/* One line, in the copy at `line` (`off` bytes into the file, `len` long without its newline). */
static int
parse_line(struct devdb *db, char *line, size_t off, size_t len)
{
	char *f[4], *s = line;
	struct devdb_ent *ent;
	int i;

	for (i = 0; i < 4; i++) {
		f[i] = s;
		if (i < 3) {
			if ((s = strchr(s, ':')) == NULL)
				return -1;
			*s++ = '\0';
		}
	}
	if (strchr(f[3], ':') != NULL || *f[0] == '\0' || strlen(f[3]) >= DEVID_LEN)
		return -1;
	ent = &db->ent[db->n];
	memset(ent, 0, sizeof(*ent));
	ent->name = f[0];
	ent->id = f[3];
	ent->line = line;
	ent->line_end = line + len + 1;
	ent->off = off;
	ent->len = len;
	db->n++;
	if (keytab_add(&db->names, db->n - 1, ent_key, db) >= 0)
		return -1;		/* a name twice */
	if (parse_attrs(db, ent, f[1]) == -1 || parse_deps(db, ent, f[2]) == -1 ||
	    devdb_attr(ent, "CONFIG") == NULL)
		return -1;
	return 0;
}

/* Room for every entry the text can hold (and a few the command may add), and the copy to parse. */
static int
parse_room(struct devdb *db, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t lines = 1;

	for (; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		lines++;
	db->ent = bulk_alloc((lines + 16) * sizeof(*db->ent));
	db->text = bulk_alloc(len + 1);
	if (db->ent == NULL || db->text == NULL ||
	    keytab_build(&db->names, lines + 16, 0, ent_key, db) == -1)
		return -1;
	db->cap = lines + 16;
	memcpy(db->text, text, len);
	db->text[len] = '\0';
	return 0;
}

/*
 * The file starts with DEVDB_HEADER and ends with a trailer that counts its entries, so a
 * file cut short, even at a line boundary, is seen to be damaged. Lines added by hand after
 * the trailer are read too. A file without the header (written before the trailer existed,
 * or one line of it) is read as it is.
 */
int
devdb_parse_text(struct devdb *db, const char *text, size_t len, struct hpvm_err *e)
{
	char *line, *next, *end;
	int lineno = 0, framed, trailer = -1;
	size_t n;

	memset(db, 0, sizeof(*db));
	if (parse_room(db, text, len) == -1) {
		devdb_free(db);
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	framed = len > strlen(DEVDB_HEADER) && memcmp(text, DEVDB_HEADER "\n", strlen(DEVDB_HEADER) + 1) == 0;
	for (line = db->text, end = db->text + len; line < end; line = next) {
		if ((next = memchr(line, '\n', (size_t)(end - line))) != NULL)
			*next++ = '\0';
		else
			next = end;
		lineno++;
		if (*line != '#' && *line != '\0' &&
		    parse_line(db, line, (size_t)(line - db->text), strlen(line)) == -1)
			goto damaged;
		if (framed && trailer < 0 && *line == '#' && sscanf(line, DEVDB_TRAILER_FMT, &n) == 1) {
			if (n != db->n)
				goto damaged;
			trailer = lineno;
		}
	}
	if (framed && trailer < 0)
		goto damaged;
	return 0;
damaged:
	devdb_free(db);
	return hpvm_fail(e, EINVAL, "The device database %s is damaged at line %d%s; see hpvmdevmgmt -r.",
	    HPVM_DEVDB, lineno, trailer < 0 && framed ? " (it ends before its last line)" : "");
}

/* A database from text that is not kept: every entry is formatted when written. */
int
devdb_parse(struct devdb *db, const char *text, struct hpvm_err *e)
{
	size_t i;

	if (devdb_parse_text(db, text, strlen(text), e) == -1)
		return -1;
	for (i = 0; i < db->n; i++)
		db->ent[i].flags |= DEVDB_ENT_FRESH;
	return 0;
}

