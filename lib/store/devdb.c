/* devdb.c: load, edit and atomically save the device management database. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dir.h"
#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/path.h"
#include "base/str.h"
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

/* Free a string of the entry unless it lies in the text the entry was read from. */
static void
str_release(const struct devdb_ent *ent, char *s)
{
	uintptr_t p = (uintptr_t)s;

	if (ent->line == NULL || p < (uintptr_t)ent->line || p >= (uintptr_t)ent->line_end)
		free(s);
}

static void
ent_free(struct devdb_ent *ent)
{
	size_t i;

	str_release(ent, ent->name);
	free(ent->attr);
	for (i = 0; i < ent->ndeps; i++)
		str_release(ent, ent->deps[i]);
	free(ent->deps);
}

int
devdb_ent_rename(struct devdb_ent *ent, const char *name)
{
	char *s = strdup(name);

	if (s == NULL)
		return -1;
	str_release(ent, ent->name);
	ent->name = s;
	return 0;
}

void
devdb_free(struct devdb *db)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		ent_free(&db->ent[i]);
	free(db->ent);
	free(db->saved);
	free(db->text);
	db->ent = NULL;
	db->saved = db->text = NULL;
	db->n = db->cap = db->saved_len = 0;
}

struct devdb_ent *
devdb_find(struct devdb *db, const char *name)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		if (strcmp(db->ent[i].name, name) == 0)
			return &db->ent[i];
	return NULL;
}

/* An empty entry at the end of the table, not counted yet. */
static struct devdb_ent *
ent_append(struct devdb *db)
{
	struct devdb_ent *ent;

	if (db->n == db->cap) {
		size_t cap = db->cap ? db->cap * 2 : 32;
		if ((ent = realloc(db->ent, cap * sizeof(*ent))) == NULL)
			return NULL;
		db->ent = ent;
		db->cap = cap;
	}
	/* Only what is read is cleared: an entry is most of a kilobyte, a database many thousand. */
	ent = &db->ent[db->n];
	ent->attr = NULL;
	ent->nattr = ent->acap = 0;
	ent->deps = NULL;
	ent->ndeps = 0;
	ent->id[0] = '\0';
	ent->line = ent->line_end = NULL;
	return ent;
}

/* New entry with CONFIG set; pointers into the table are invalid after this call. */
struct devdb_ent *
devdb_add(struct devdb *db, const char *name, const char *config)
{
	struct devdb_ent *ent = ent_append(db);

	if (ent == NULL || (ent->name = strdup(name)) == NULL)
		return NULL;
	db->n++;
	devdb_attr_set(ent, "CONFIG", config);
	return ent;
}

void
devdb_remove(struct devdb *db, struct devdb_ent *ent)
{
	size_t i = (size_t)(ent - db->ent);

	ent_free(ent);
	memmove(&db->ent[i], &db->ent[i + 1], (db->n - i - 1) * sizeof(*ent));
	db->n--;
}

const char *
devdb_attr(const struct devdb_ent *ent, const char *key)
{
	int i;

	for (i = 0; i < ent->nattr; i++)
		if (strcmp(ent->attr[i].key, key) == 0)
			return ent->attr[i].val;
	return NULL;
}

/* Is attribute `key` set to exactly `val`? */
int
devdb_attr_is(const struct devdb_ent *ent, const char *key, const char *val)
{
	const char *v = devdb_attr(ent, key);

	return v != NULL && strcmp(v, val) == 0;
}

/* Room for `want` attributes in all; 0, or -1 past DEVDB_ATTR_MAX or out of memory. */
static int
attr_room(struct devdb_ent *ent, int want)
{
	struct devdb_attr *na;

	if (want <= ent->acap)
		return 0;
	if (want > DEVDB_ATTR_MAX || (na = realloc(ent->attr, (size_t)want * sizeof(*na))) == NULL)
		return -1;
	ent->attr = na;
	ent->acap = want;
	return 0;
}

int
devdb_attr_set(struct devdb_ent *ent, const char *key, const char *val)
{
	int i;

	if (strlen(key) >= sizeof(ent->attr[0].key) || strlen(val) >= sizeof(ent->attr[0].val))
		return -1;
	for (i = 0; i < ent->nattr && strcmp(ent->attr[i].key, key) != 0; i++)
		;
	if (i == DEVDB_ATTR_MAX || (i == ent->acap &&
	    attr_room(ent, i < 4 ? 4 : i * 2 > DEVDB_ATTR_MAX ? DEVDB_ATTR_MAX : i * 2) == -1))
		return -1;
	if (i == ent->nattr)
		ent->nattr++;
	strcpy(ent->attr[i].key, key);
	strcpy(ent->attr[i].val, val);
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
	char **nd;

	if (devdb_dep_has(ent, dep))
		return 0;
	if ((nd = realloc(ent->deps, (ent->ndeps + 1) * sizeof(char *))) == NULL)
		return -1;
	ent->deps = nd;
	if ((nd[ent->ndeps] = strdup(dep)) == NULL)
		return -1;
	ent->ndeps++;
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
			return 0;
		}
	return -1;
}

static int
parse_attrs(struct devdb_ent *ent, char *s)
{
	char *tok, *save = NULL, *eq;
	int n = 1;

	for (tok = s; *tok != '\0'; tok++)
		n += *tok == ',';
	if (attr_room(ent, n < DEVDB_ATTR_MAX ? n : DEVDB_ATTR_MAX) == -1)	/* all at once */
		return -1;
	for (tok = strtok_r(s, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(tok, '=')) == NULL)
			return -1;
		*eq = '\0';
		if (devdb_attr_set(ent, tok, eq + 1) == -1)
			return -1;
	}
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
	if (ent->ndeps > 0)
		qsort(dp, ent->ndeps, sizeof(*dp), cmp_dep_pos);
	for (i = 1; i < ent->ndeps; i++)
		if (strcmp(dp[i].dep, dp[i - 1].dep) == 0) {
			str_release(ent, ent->deps[dp[i].pos]);
			ent->deps[dp[i].pos] = NULL;
		}
	free(dp);
	for (i = 0; i < ent->ndeps; i++)
		if (ent->deps[i] != NULL)
			ent->deps[keep++] = ent->deps[i];
	ent->ndeps = keep;
	return 0;
}

static int
parse_deps(struct devdb_ent *ent, char *s)
{
	char *tok, *save = NULL;
	size_t n = 1;

	for (tok = s; *tok != '\0'; tok++)
		n += *tok == ',';
	if ((ent->deps = calloc(n, sizeof(char *))) == NULL)
		return -1;
	for (tok = strtok_r(s, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save))
		ent->deps[ent->ndeps++] = tok;		/* in the text, as the name is */
	return ent->ndeps > 1 ? deps_dedupe(ent) : 0;
}

/* The names read so far, while parsing: a file of many entries must not cost a scan per line. */
struct name_set {
	size_t	*slot;		/* entry + 1, 0 for free */
	size_t	 cap;
};

/* Add entry `i` (entries before it are in the set already); 1 if its name is there, -1 out of memory. */
static int
name_set_add(struct name_set *ns, const struct devdb *db, size_t i)
{
	size_t h, j;

	if (ns->cap < 2 * (i + 1)) {
		free(ns->slot);
		ns->cap = ns->cap ? ns->cap * 4 : 256;
		if ((ns->slot = calloc(ns->cap, sizeof(*ns->slot))) == NULL)
			return -1;
		for (j = 0; j < i; j++) {
			for (h = str_hash(db->ent[j].name) & (ns->cap - 1); ns->slot[h] != 0; h = (h + 1) & (ns->cap - 1))
				;
			ns->slot[h] = j + 1;
		}
	}
	for (h = str_hash(db->ent[i].name) & (ns->cap - 1); ns->slot[h] != 0; h = (h + 1) & (ns->cap - 1))
		if (strcmp(db->ent[ns->slot[h] - 1].name, db->ent[i].name) == 0)
			return 1;
	ns->slot[h] = i + 1;
	return 0;
}

static int
parse_line(struct devdb *db, char *line, char *end, struct name_set *ns)
{
	char *f[4], *p = line;
	struct devdb_ent *ent;
	int i;

	for (i = 0; i < 4; i++) {
		f[i] = p;
		if (i < 3) {
			if ((p = strchr(p, ':')) == NULL)
				return -1;
			*p++ = '\0';
		}
	}
	if (strchr(f[3], ':') != NULL || *f[0] == '\0' || strlen(f[3]) >= DEVID_LEN)
		return -1;
	/* Names and dependents stay in the text: a database of many guests is read on every create. */
	if ((ent = ent_append(db)) == NULL)
		return -1;
	ent->name = f[0];
	ent->line = line;
	ent->line_end = end;
	if (name_set_add(ns, db, db->n++) != 0)
		return -1;
	strcpy(ent->id, f[3]);
	if (parse_attrs(ent, f[1]) == -1 || parse_deps(ent, f[2]) == -1 ||
	    devdb_attr(ent, "CONFIG") == NULL)
		return -1;
	return 0;
}

/*
 * The file starts with DEVDB_HEADER and ends with a trailer that counts its entries, so a
 * file cut short, even at a line boundary, is seen to be damaged. Lines added by hand after
 * the trailer are read too. A file without the header (written before the trailer existed,
 * or one line of it) is read as it is.
 */
int
devdb_parse(struct devdb *db, const char *text, struct hpvm_err *e)
{
	struct name_set ns = { NULL, 0 };
	char *copy, *line, *next;
	int lineno = 0, framed, trailer = -1;
	size_t n;

	memset(db, 0, sizeof(*db));
	if ((copy = strdup(text)) == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	framed = strncmp(text, DEVDB_HEADER "\n", strlen(DEVDB_HEADER) + 1) == 0;
	/* One entry a line at most: room for all of them at once, not a copy of the table per doubling. */
	for (n = 1, line = copy; (line = strchr(line, '\n')) != NULL; line++)
		n++;
	if ((db->ent = malloc(n * sizeof(*db->ent))) != NULL)
		db->cap = n;
	for (line = copy; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		lineno++;
		if (*line != '#' && *line != '\0' &&
		    parse_line(db, line, next != NULL ? next : line + strlen(line) + 1, &ns) == -1)
			goto damaged;
		if (framed && trailer < 0 && *line == '#' && sscanf(line, DEVDB_TRAILER_FMT, &n) == 1) {
			if (n != db->n)
				goto damaged;
			trailer = lineno;
		}
	}
	if (framed && trailer < 0)
		goto damaged;
	db->text = copy;
	free(ns.slot);
	return 0;
damaged:
	free(copy);
	free(ns.slot);
	devdb_free(db);
	return hpvm_fail(e, EINVAL, "The device database %s is damaged at line %d%s; see hpvmdevmgmt -r.",
	    HPVM_DEVDB, lineno, trailer < 0 && framed ? " (it ends before its last line)" : "");
}

/* A missing database is a new host: it starts with the default restricted directories. */
int
devdb_load(struct devdb *db, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], *text;
	struct hpvm_err tmp = {0};
	size_t i, len;
	int rc;

	memset(db, 0, sizeof(*db));
	if (path_build(path, sizeof(path), e, HPVM_DEVDB) == -1)
		return -1;
	if (file_read_all(path, &text, &len, &tmp) == 0) {
		if ((rc = devdb_parse(db, text, e)) == 0) {
			db->saved = text;
			db->saved_len = len;
		} else
			free(text);
		return rc;
	}
	if (tmp.code != ENOENT)
		return hpvm_fail(e, tmp.code, "%s", tmp.msg[0].text);
	for (i = 0; i < sizeof(default_rdevs) / sizeof(default_rdevs[0]); i++) {
		struct devdb_ent *ent = devdb_add(db, default_rdevs[i], "rdev");
		if (ent == NULL)
			return hpvm_fail(e, ENOMEM, "Out of memory.");
		devdb_attr_set(ent, "EXIST", "YES");
		devdb_attr_set(ent, "DEVTYPE", "DIR");
		devdb_attr_set(ent, "SHARE", "NO");
	}
	return 0;
}

/* How long an entry's line is, and the line itself at `p` (returns its end). */
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

/* The entries' lines, measured first and written in one piece: a large database is written on every create. */
int
devdb_format(const struct devdb *db, char **out, size_t *outlen)
{
	size_t i, len = 1;
	char *p;

	for (i = 0; i < db->n; i++)
		len += entry_len(&db->ent[i]);
	if ((*out = p = malloc(len)) == NULL)
		return -1;
	for (i = 0; i < db->n; i++)
		p = entry_put(p, &db->ent[i]);
	*p = '\0';
	*outlen = (size_t)(p - *out);
	return 0;
}

/* The whole file: the header, the entries, and the trailer that counts them. */
int
devdb_text(const struct devdb *db, char **out, size_t *outlen)
{
	char trailer[64], *lines, *buf;
	size_t len, hl = strlen(DEVDB_HEADER) + 1, tl;

	if (devdb_format(db, &lines, &len) == -1)
		return -1;
	tl = (size_t)snprintf(trailer, sizeof(trailer), DEVDB_TRAILER_FMT "\n", db->n);
	if ((buf = malloc(hl + len + tl + 1)) == NULL) {
		free(lines);
		return -1;
	}
	memcpy(buf, DEVDB_HEADER "\n", hl);
	memcpy(buf + hl, lines, len);
	memcpy(buf + hl + len, trailer, tl + 1);
	free(lines);
	*out = buf;
	*outlen = hl + len + tl;
	return 0;
}

/*
 * Write the database. One that says what the file already holds is not written again (a modify
 * that changes no device saves twice, and the database is large on a host of many guests).
 */
int
devdb_save(struct devdb *db, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], dir[HPVM_PATH_LEN], *buf;
	size_t len;
	int rc;

	if (path_build(path, sizeof(path), e, HPVM_DEVDB) == -1 ||
	    path_build(dir, sizeof(dir), e, HPVM_COMMON) == -1)
		return -1;
	if (dir_make(dir, 0755, e) == -1)
		return -1;
	if (devdb_text(db, &buf, &len) == -1)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	if (db->saved != NULL && len == db->saved_len && memcmp(buf, db->saved, len) == 0) {
		free(buf);
		return 0;
	}
	if ((rc = file_write_atomic(path, buf, len, 0640, e)) == 0) {
		free(db->saved);
		db->saved = buf;
		db->saved_len = len;
	} else
		free(buf);
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
