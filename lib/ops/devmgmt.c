/*
 * devmgmt.c: hpvmdevmgmt: add, delete, modify, rename and select entries ("type:name[:attr:A=V]"),
 * rebuild guest entries from the configurations, read the database for repair, create backing files.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/name.h"
#include "base/path.h"
#include "base/str.h"
#include "base/units.h"
#include "model/guest.h"
#include "model/guest_index.h"
#include "model/rspec.h"
#include "ops/devmgmt.h"
#include "store/devdb.h"
#include "store/devdb_guest.h"
#include "store/devid.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"

#define FIELDS	4

static const char *const types[] = { "server", "env", "rdev", "gdev" };
static const char *const settable[] = { "SHARE", "USAGE", "PRESERVE", "IGNOREWWID", "DEVTYPE" };

struct spec {
	char	buf[2048];
	char	*type, *name, *kind, *arg;	/* kind: "attr", "depend", or NULL */
};

enum spec_mode { SPEC_ENTRY, SPEC_LIST, SPEC_RENAME };

/* "type:name[:attr|depend:arg]"; listing also takes "all" and "type:depend:guest"; -n "type:old:new". */
static int
spec_parse(const char *text, struct spec *s, enum spec_mode mode, struct hpvm_err *e)
{
	char *f[FIELDS] = { NULL, NULL, NULL, NULL }, *p;
	size_t i;
	int n = 0, ok = 0;

	if (strlen(text) >= sizeof(s->buf))
		return hpvm_fail(e, EINVAL, "Entry '%s' is too long.", text);
	strcpy(s->buf, text);
	for (p = s->buf; n < FIELDS; n++) {
		f[n] = p;
		if ((p = strchr(p, ':')) == NULL) {
			n++;
			break;
		}
		*p++ = '\0';
		if (n == FIELDS - 2) {		/* the argument may not contain ':' anyway */
			f[++n] = p;
			n++;
			break;
		}
	}
	s->type = f[0];
	s->name = n > 1 ? f[1] : NULL;
	s->kind = n > 2 ? f[2] : NULL;
	s->arg = n > 3 ? f[3] : NULL;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(s->type, types[i]) == 0)
			ok = 1;
	if (!ok && !(mode == SPEC_LIST && strcmp(s->type, "all") == 0))
		return hpvm_fail(e, EINVAL, "Invalid entry type '%s' in '%s': use server, env, rdev "
		    "or gdev.", s->type, text);
	if (mode == SPEC_RENAME || (mode == SPEC_LIST && s->name != NULL && strcmp(s->name, "depend") == 0))
		return 0;
	if (s->kind != NULL && strcmp(s->kind, "attr") != 0 && strcmp(s->kind, "depend") != 0)
		return hpvm_fail(e, EINVAL, "Invalid '%s': expected :attr: or :depend: after the "
		    "entry name.", text);
	if (s->kind != NULL && (s->arg == NULL || *s->arg == '\0'))
		return hpvm_fail(e, EINVAL, "Invalid '%s': :%s: needs a value.", text, s->kind);
	return 0;
}

static int
name_ok(const struct spec *s, const char *text, struct hpvm_err *e)
{
	if (s->name == NULL || *s->name == '\0')
		return hpvm_fail(e, EINVAL, "Invalid '%s': an entry name is required.", text);
	if (*s->name == '/')
		return name_check_location(s->name, NAME_EMPTY_REFUSED, e);
	if (strcmp(s->type, "rdev") == 0)
		return hpvm_fail(e, EINVAL, "Invalid '%s': a restricted device is a host path, and "
		    "'%s' is not an absolute path.", text, s->name);
	return name_check_vswitch(s->name, e);
}

static int
attached(const struct devdb_ent *ent)
{
	const char *t = devdb_attr(ent, "DEVTYPE");

	return t != NULL && (strcmp(t, "TAPE") == 0 || strcmp(t, "CHANGER") == 0 ||
	    strcmp(t, "BURNER") == 0);
}

/* One "A=V" for -a/-m: known attributes, known values, and HP's rules. */
static int
attr_set(struct devdb_ent *ent, const char *av, struct hpvm_err *e)
{
	char key[32];
	const char *eq = strchr(av, '='), *v;
	size_t i;
	int known = 0;

	if (eq == NULL || (size_t)(eq - av) >= sizeof(key))
		return hpvm_fail(e, EINVAL, "Invalid attribute '%s': expected NAME=VALUE.", av);
	snprintf(key, sizeof(key), "%.*s", (int)(eq - av), av);
	v = eq + 1;
	if (strcmp(key, "AUTORDEV") == 0 || strcmp(key, "CONFIG") == 0 || strcmp(key, "EXIST") == 0)
		return hpvm_fail(e, EPERM, "Attribute %s is kept by hpvm itself and cannot be set.", key);
	for (i = 0; i < sizeof(settable) / sizeof(settable[0]); i++)
		if (strcmp(key, settable[i]) == 0)
			known = 1;
	if (!known)
		return hpvm_fail(e, EINVAL, "Unknown attribute '%s': use SHARE, USAGE, PRESERVE, "
		    "IGNOREWWID or DEVTYPE.", key);
	if (strcmp(key, "USAGE") == 0 ? strcmp(v, "DISK") != 0 && strcmp(v, "DVD") != 0 :
	    strcmp(key, "DEVTYPE") == 0 ? strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(v) || !*v :
	    strcmp(v, "YES") != 0 && strcmp(v, "NO") != 0)
		return hpvm_fail(e, EINVAL, "Invalid value '%s' for %s.", v, key);
	if (strlen(v) >= DEVDB_VAL_LEN)
		return hpvm_fail(e, EINVAL, "The value of %s is too long (at most %d characters).", key,
		    DEVDB_VAL_LEN - 1);
	return devdb_attr_set(ent, key, v) == -1 ?
	    hpvm_fail(e, ENOSPC, "Too many attributes on %s.", ent->name) : 0;
}

static int
attrs_set(struct devdb_ent *ent, char *list, struct hpvm_err *e)
{
	char *tok, *save = NULL;

	for (tok = strtok_r(list, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save))
		if (attr_set(ent, tok, e) == -1)
			return -1;
	/* Judged on the result, so the order of "DEVTYPE=TAPE,SHARE=YES" cannot slip past it. */
	if (devdb_attr_is(ent, "SHARE", "YES") && attached(ent))
		return hpvm_fail(e, EPERM, "%s is an attached %s device; attached devices can never be "
		    "sharable.", ent->name, devdb_attr(ent, "DEVTYPE"));
	return 0;
}

/* Is anything at or below `path` a guest's device? Names the guest. */
static const struct devdb_ent *
in_use_below(struct devdb *db, const char *path, const char *id)
{
	size_t i;

	for (i = 0; i < db->n; i++) {
		const struct devdb_ent *ent = &db->ent[i];
		if (!devdb_attr_is(ent, "CONFIG", "gdev") || ent->ndeps == 0)
			continue;
		if (devid_path_within(ent->name, path) || (id[0] != '\0' && strcmp(ent->id, id) == 0))
			return ent;
	}
	return NULL;
}

static int
do_add(struct devdb *db, void *arg, struct hpvm_err *e)
{
	struct spec *s = arg;
	const struct devdb_ent *busy;
	struct devdb_ent *ent;
	char id[DEVID_LEN] = "";
	struct stat st;

	if (devdb_find(db, s->name) != NULL)
		return hpvm_fail(e, EEXIST, "The device database already has an entry for %s.", s->name);
	if (*s->name == '/')
		devid_identity(s->name, id, sizeof(id));
	if (strcmp(s->type, "rdev") == 0 && (busy = in_use_below(db, s->name, id)) != NULL)
		return hpvm_fail(e, EBUSY, "Cannot restrict %s: %s is in use by guest '%s'.", s->name,
		    busy->name, busy->deps[0]);
	if ((ent = devdb_add(db, s->name, s->type)) == NULL || devdb_ent_set_id(ent, id) == -1)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	devdb_attr_set(ent, "EXIST", *s->name != '/' || stat(s->name, &st) == 0 ? "YES" : "NO");
	if (*s->name == '/' && stat(s->name, &st) == 0)
		devdb_attr_set(ent, "DEVTYPE", S_ISDIR(st.st_mode) ? "DIR" : S_ISBLK(st.st_mode) ?
		    "DISK" : S_ISCHR(st.st_mode) ? "CHAR" : "FILE");
	devdb_attr_set(ent, "SHARE", "NO");
	return s->kind != NULL && strcmp(s->kind, "attr") == 0 ? attrs_set(ent, s->arg, e) : 0;
}

int
devmgmt_add(const char *text, struct hpvm_err *e)
{
	struct spec s;

	if (spec_parse(text, &s, SPEC_ENTRY, e) == -1 || name_ok(&s, text, e) == -1)
		return -1;
	if (s.kind != NULL && strcmp(s.kind, "attr") != 0)
		return hpvm_fail(e, EINVAL, "Invalid '%s': -a takes type:name[:attr:NAME=VALUE].", text);
	return devdb_update(do_add, &s, e);
}

static struct devdb_ent *
find_typed(struct devdb *db, const struct spec *s, struct hpvm_err *e)
{
	struct devdb_ent *ent = devdb_find(db, s->name);

	if (ent == NULL || !devdb_attr_is(ent, "CONFIG", s->type)) {
		hpvm_fail(e, ENOENT, "No %s entry %s in the device database.", s->type, s->name);
		return NULL;
	}
	return ent;
}

static int
drop_dependent(struct devdb_ent *ent, const char *dep, struct hpvm_err *e)
{
	if (!devdb_dep_has(ent, dep))
		return 0;
	if (devdb_guest_named_uses(dep, ent))
		return hpvm_fail(e, EBUSY, "Guest '%s' still uses %s; remove the device from the guest "
		    "with hpvmmodify -d.", dep, ent->name);
	devdb_dep_remove(ent, dep);
	return 0;
}

static int
do_delete(struct devdb *db, void *arg, struct hpvm_err *e)
{
	struct spec *s = arg;
	struct devdb_ent *ent;
	size_t i;

	if (s->kind != NULL && strcmp(s->kind, "depend") == 0) {
		if (strcmp(s->name, "all") == 0) {
			for (i = 0; i < db->n; i++)
				if (drop_dependent(&db->ent[i], s->arg, e) == -1)
					return -1;
			return 0;
		}
		return (ent = find_typed(db, s, e)) == NULL ? -1 : drop_dependent(ent, s->arg, e);
	}
	if ((ent = find_typed(db, s, e)) == NULL)
		return -1;
	if (s->kind != NULL) {			/* :attr:NAME */
		if (strcmp(s->arg, "CONFIG") == 0 || strcmp(s->arg, "AUTORDEV") == 0)
			return hpvm_fail(e, EPERM, "Attribute %s cannot be removed.", s->arg);
		if (devdb_attr_unset(ent, s->arg) == -1)
			return hpvm_fail(e, ENOENT, "%s has no attribute %s.", ent->name, s->arg);
		return 0;
	}
	for (i = 0; i < ent->ndeps; i++)
		if (devdb_guest_named_uses(ent->deps[i], ent))
			return hpvm_fail(e, EBUSY, "%s is in use by guest '%s'.", ent->name, ent->deps[i]);
	devdb_remove(db, ent);
	return 0;
}

int
devmgmt_delete(const char *text, struct hpvm_err *e)
{
	struct spec s;

	if (spec_parse(text, &s, SPEC_ENTRY, e) == -1)
		return -1;
	if (s.name == NULL || *s.name == '\0' ||
	    (strcmp(s.name, "all") == 0 && (s.kind == NULL || strcmp(s.kind, "depend") != 0)))
		return hpvm_fail(e, EINVAL, "Invalid '%s': an entry name is required.", text);
	return devdb_update(do_delete, &s, e);
}

static int
do_modify(struct devdb *db, void *arg, struct hpvm_err *e)
{
	struct spec *s = arg;
	struct devdb_ent *ent = find_typed(db, s, e);

	if (ent == NULL)
		return -1;
	if (strcmp(s->kind, "depend") == 0) {
		if (!guest_store_exists(s->arg))
			return hpvm_fail(e, ENOENT, "No guest named '%s' exists.", s->arg);
		return devdb_dep_add(ent, s->arg) == -1 ? hpvm_fail(e, ENOMEM, "Out of memory.") : 0;
	}
	return attrs_set(ent, s->arg, e);
}

int
devmgmt_modify(const char *text, struct hpvm_err *e)
{
	struct spec s;

	if (spec_parse(text, &s, SPEC_ENTRY, e) == -1)
		return -1;
	if (s.name == NULL || s.kind == NULL)
		return hpvm_fail(e, EINVAL, "Invalid '%s': -m takes type:name:attr:NAME=VALUE.", text);
	return devdb_update(do_modify, &s, e);
}

/* Is the new name free: no entry under it, and no other entry for the same device? */
static int
rename_target_ok(struct devdb *db, const struct devdb_ent *ent, const char *to, struct hpvm_err *e)
{
	const struct devdb_ent *r;
	char id[DEVID_LEN];
	size_t i;

	if (devdb_find(db, to) != NULL)
		return hpvm_fail(e, EEXIST, "The device database already has an entry for %s.", to);
	devid_identity(to, id, sizeof(id));
	for (i = 0; id[0] != '\0' && i < db->n; i++)
		if (&db->ent[i] != ent && strcmp(db->ent[i].id, id) == 0)
			return hpvm_fail(e, EEXIST, "%s is the same device as %s, which already has an "
			    "entry in the device database.", to, db->ent[i].name);
	if (devdb_attr_is(ent, "CONFIG", "gdev") && (r = devdb_guest_restricted(db, to)) != NULL)
		return hpvm_fail(e, EPERM, "Device %s is restricted (device database entry rdev:%s); "
		    "guests cannot use it.", to, r->name);
	return 0;
}

/* The device's new path in guest `g`, and its statement with it (what hpvmstatus -D shows). */
static int
rename_in_guest(struct guest *g, const char *from, const char *to)
{
	char spec[RSPEC_MAX];
	size_t j;
	int changed = 0;

	for (j = 0; j < g->ndevs; j++) {
		struct device *d = &g->devs[j];
		if (strcmp(d->location, from) != 0)
			continue;
		str_copy(d->location, sizeof(d->location), to);
		if (rspec_format(d, spec, sizeof(spec)) == -1 || device_set_spec(d, spec) == -1)
			return -1;
		changed = 1;
	}
	return changed;
}

/*
 * Replace a device path in the database and in every guest that uses it (one device, new name).
 * Everything is checked, and every dependent read, before anything is written.
 */
static int
do_rename(struct devdb *db, void *arg, struct hpvm_err *e)
{
	struct spec *s = arg;
	struct devdb_ent *ent = find_typed(db, s, e);
	const char *to = s->kind;
	struct guest_index ix;
	struct guest *gs;
	char id[DEVID_LEN];
	size_t i;
	int rc = 0;

	if (ent == NULL || rename_target_ok(db, ent, to, e) == -1)
		return -1;
	if ((gs = calloc(ent->ndeps + 1, sizeof(*gs))) == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	for (i = 0; i < ent->ndeps && rc == 0; i++)
		rc = guest_store_load(ent->deps[i], &gs[i], e);
	guest_index_init(&ix);
	if (rc == 0 && guest_scan(&ix, NULL, GUEST_LIST_READ, e) == -1)
		rc = -1;
	for (i = 0; i < ent->ndeps && rc == 0; i++) {
		int changed = rename_in_guest(&gs[i], ent->name, to);
		if (changed == -1)
			rc = hpvm_fail(e, ENOMEM, "Out of memory.");
		else if (changed && (rc = guest_store_save(&gs[i], CONFIG_CURRENT, e)) == 0)
			guest_scan_put(&ix, &gs[i], NULL);
	}
	if (ix.n > 0)
		guest_scan_save(&ix, NULL);
	guest_index_free(&ix);
	for (i = 0; i < ent->ndeps; i++)
		guest_free(&gs[i]);
	free(gs);
	if (rc == -1)
		return -1;
	devid_identity(to, id, sizeof(id));
	if (devdb_ent_rename(db, ent, to) == -1 || devdb_ent_set_id(ent, id) == -1)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	devdb_attr_set(ent, "EXIST", access(to, F_OK) == 0 ? "YES" : "NO");
	return 0;
}

int
devmgmt_rename(const char *text, struct hpvm_err *e)
{
	struct spec s;

	if (spec_parse(text, &s, SPEC_RENAME, e) == -1)
		return -1;
	if (strcmp(s.type, "gdev") != 0 && strcmp(s.type, "rdev") != 0)
		return hpvm_fail(e, EINVAL, "-n renames gdev and rdev entries only.");
	/* "gdev:old:new": the parser put the new name where :attr:/:depend: would be. */
	if (s.name == NULL || s.kind == NULL || s.arg != NULL || strchr(s.kind, ',') != NULL)
		return hpvm_fail(e, EINVAL, "Invalid '%s': use -n gdev:old-path:new-path (one new "
		    "name; a Linux path already names one device however many paths lead to it).", text);
	if (name_check_location(s.kind, NAME_EMPTY_REFUSED, e) == -1)
		return -1;
	return devdb_update(do_rename, &s, e);
}

static int
matches(const struct devdb_ent *ent, const struct spec *s)
{
	const char *eq;

	if (strcmp(s->type, "all") != 0 && !devdb_attr_is(ent, "CONFIG", s->type))
		return 0;
	if (s->name == NULL)
		return 1;
	if (s->kind != NULL && strcmp(s->kind, "depend") == 0)	/* type:depend:guest */
		return 0;
	if (strcmp(s->name, "depend") == 0 && s->kind != NULL)
		return devdb_dep_has(ent, s->kind);
	if ((eq = strchr(s->name, '=')) != NULL) {			/* type:ATTR=VALUE */
		char key[32];
		snprintf(key, sizeof(key), "%.*s", (int)(eq - s->name), s->name);
		return devdb_attr_is(ent, key, eq + 1);
	}
	return strcmp(ent->name, s->name) == 0;
}

/* EXIST follows reality: a listing notices vanished devices. */
static void
refresh_exist(struct devdb *db)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		if (db->ent[i].name[0] == '/')
			devdb_attr_set(&db->ent[i], "EXIST", access(db->ent[i].name, F_OK) == 0 ? "YES" : "NO");
}

/* -l: the entries that match `text`, in `out` (the caller frees it and prints it). */
int
devmgmt_list(const char *text, struct devdb *out, struct hpvm_err *e)
{
	struct spec s;
	size_t i = 0;
	int lk, rc;

	memset(out, 0, sizeof(*out));
	if (spec_parse(text, &s, SPEC_LIST, e) == -1)
		return -1;
	if ((lk = lock_global(LOCK_SHARED_MODE, e)) == -1)
		return -1;
	rc = devdb_load(out, e);
	lock_release(lk);
	if (rc == -1)
		return -1;
	refresh_exist(out);
	while (i < out->n)
		if (matches(&out->ent[i], &s))
			i++;
		else
			devdb_remove(out, &out->ent[i]);
	return 0;
}

struct import {
	struct devdb	*db;
	struct hpvm_err	*e;
};

static int
import_guest(const struct guest *g, void *arg)
{
	struct import *im = arg;
	struct hpvm_err ge = { 0 };
	int k;

	devdb_guest_reserve(im->db, g, g->name, DEVDB_SHARING_WARNED, &ge);
	for (k = 0; k < ge.n; k++)
			hpvm_warn(im->e, "Guest '%s': %s", g->name, ge.msg[k].text);
	return 0;
}

/* -I: every guest's devices become dependents again (after a restore or a hand edit). */
static int
do_import(struct devdb *db, void *arg, struct hpvm_err *e)
{
	struct import im = { db, e };

	(void)arg;
	return guest_scan_each(import_guest, &im, e) == -1 && hpvm_nerrors(e) ? -1 : 0;
}

/* -I: the guest index again from the configurations, then the device database from the guests. */
int
devmgmt_import(struct hpvm_err *e)
{
	if (guest_scan_rebuild(e) == -1)
		return -1;
	return devdb_update(do_import, NULL, e);
}

/* -r: the database's text as it is on disk, however damaged, for the repair script. */
int
devmgmt_read(char **text, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN];
	struct hpvm_err re = { 0 };
	int lk, rc;

	*text = NULL;
	if (path_build(path, sizeof(path), e, HPVM_DEVDB) == -1)
		return -1;
	if ((lk = lock_global(LOCK_SHARED_MODE, e)) == -1)
		return -1;
	rc = file_read_all(path, text, NULL, &re);
	lock_release(lk);
	if (rc == -1 && re.code != ENOENT)
		return hpvm_fail(e, re.code, "%s", hpvm_err_first(&re));
	return 0;
}

/* -S size file: a backing file of exactly that size; -A allocates its blocks too. */
int
devmgmt_create_file(const char *size, const char *path, enum devmgmt_alloc alloc,
    struct hpvm_err *e)
{
	uint64_t bytes;
	int fd, rc;

	if (units_parse_size(size, &bytes) == -1 || bytes == 0)
		return hpvm_fail(e, EINVAL, "Invalid size '%s': a whole number with K, M, G or T "
		    "(fractions such as 1.5G are not accepted).", size);
	if (name_check_location(path, NAME_EMPTY_REFUSED, e) == -1)
		return -1;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1)
		return hpvm_fail(e, errno, "Unable to create %s: %s", path, strerror(errno));
	rc = alloc == DEVMGMT_ALLOCATE ? posix_fallocate(fd, 0, (off_t)bytes) : (ftruncate(fd, (off_t)bytes) == -1 ? errno : 0);
	if (rc == 0 && fsync(fd) == -1)
		rc = errno;
	close(fd);
	if (rc != 0) {
		unlink(path);
		return hpvm_fail(e, rc, "Unable to size %s: %s", path, strerror(rc));
	}
	return 0;
}
