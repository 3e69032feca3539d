/* guest_store.c: the on-disk guest store; every change is one atomic rename, links last on create, first on remove. */
#include <sys/random.h>
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/dir.h"
#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/name.h"
#include "base/path.h"
#include "base/uuid.h"
#include "model/guest.h"
#include "store/guest_store.h"
#include "store/guest_xml.h"

static const char *const slot_names[] = { "current", "prev", "next" };

int
guest_store_dir(const char *uuid, char *buf, size_t len, struct hpvm_err *e)
{
	return path_build(buf, len, e, HPVM_UUIDS "/%s", uuid);
}

/* vmm_config.current, .prev or .next of the guest with this UUID. */
int
guest_store_slot_path(const char *uuid, enum config_slot s, char *buf, size_t len,
    struct hpvm_err *e)
{
	return path_build(buf, len, e, HPVM_UUIDS "/%s/vmm_config.%s", uuid, slot_names[s]);
}

int
guest_store_prepare(struct hpvm_err *e)
{
	static const char *const dirs[] = { HPVM_UUIDS, HPVM_GUESTS, HPVM_COMMON };
	char p[HPVM_PATH_LEN];
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (path_build(p, sizeof(p), NULL, "%s", dirs[i]) == -1 || dir_make(p, 0755, e) == -1)
			return hpvm_fail(e, EIO, "Unable to prepare %s.", HPVM_VAR);
	return 0;
}

/* Resolve guests/<name> to its UUID. */
int
guest_store_lookup(const char *name, char *uuid, size_t len, struct hpvm_err *e)
{
	char link[HPVM_PATH_LEN], target[HPVM_PATH_LEN];
	const char *base;
	ssize_t n;

	if (name_check_guest(name, e) == -1)
		return -1;
	if (path_build(link, sizeof(link), e, HPVM_GUESTS "/%s", name) == -1)
		return -1;
	if ((n = readlink(link, target, sizeof(target) - 1)) == -1)
		return hpvm_fail(e, ENOENT, "No guest named '%s' exists.", name);
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) != UUID_STR_LEN)
		return hpvm_fail(e, EINVAL, "The guest link %s is damaged.", link);
	snprintf(uuid, len, "%s", base);
	return 0;
}

int
guest_store_exists(const char *name)
{
	char uuid[UUID_STR_LEN + 1];

	return guest_store_lookup(name, uuid, sizeof(uuid), NULL) == 0;
}

static int
load_uuid_slot(const char *uuid, enum config_slot s, struct guest *g, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], *buf;
	size_t len;
	int rc;

	guest_init(g);
	if (guest_store_slot_path(uuid, s, path, sizeof(path), e) == -1)
		return -1;
	if (file_read_all(path, &buf, &len, e) == -1)
		return -1;
	rc = guest_xml_parse(buf, len, path, g, e);
	free(buf);
	return rc;
}

/* Load a slot of the guest reached through guests/<name>; the link name is the guest's name. */
int
guest_store_load_slot(const char *name, enum config_slot s, struct guest *g, struct hpvm_err *e)
{
	char uuid[UUID_STR_LEN + 1];

	guest_init(g);
	if (guest_store_lookup(name, uuid, sizeof(uuid), e) == -1)
		return -1;
	if (load_uuid_slot(uuid, s, g, e) == -1)
		return -1;
	/* A rename interrupted between its two steps leaves the old name inside; the link wins. */
	snprintf(g->name, sizeof(g->name), "%s", name);
	if (strcmp(g->uuid, uuid) != 0) {
		guest_free(g);
		return hpvm_fail(e, EINVAL, "The configuration of '%s' names another UUID.", name);
	}
	return 0;
}

/* By UUID, for hpvmapp: a rename while the guest runs must not lose it. */
int
guest_store_load_uuid(const char *uuid, enum config_slot s, struct guest *g, struct hpvm_err *e)
{
	return load_uuid_slot(uuid, s, g, e);
}

int
guest_store_load(const char *name, struct guest *g, struct hpvm_err *e)
{
	return guest_store_load_slot(name, CONFIG_CURRENT, g, e);
}

/* Forget a slot (the pending changes once applied); absent is fine. */
int
guest_store_drop_slot(const char *uuid, enum config_slot s)
{
	char path[HPVM_PATH_LEN];

	if (guest_store_slot_path(uuid, s, path, sizeof(path), NULL) == -1)
		return -1;
	return unlink(path) == -1 && errno != ENOENT ? -1 : 0;
}

int
guest_store_has_slot(const char *uuid, enum config_slot s)
{
	char path[HPVM_PATH_LEN];

	return guest_store_slot_path(uuid, s, path, sizeof(path), NULL) == 0 &&
	    access(path, F_OK) == 0;
}

static int
write_slot(const struct guest *g, enum config_slot s, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], *buf;
	size_t len;
	int rc;

	if (guest_store_slot_path(g->uuid, s, path, sizeof(path), e) == -1)
		return -1;
	if (guest_xml_format(g, &buf, &len, e) == -1)
		return -1;
	rc = file_write_atomic(path, buf, len, GUEST_STORE_FILE_MODE, e);
	free(buf);
	return rc;
}

/* Would saving `g` as current change anything? */
static int
changes_current(const struct guest *g, const char *cur)
{
	char *now, *want;
	size_t nlen, wlen;
	int changes = 1;

	if (file_read_all(cur, &now, &nlen, NULL) == -1)
		return 1;
	if (guest_xml_format(g, &want, &wlen, NULL) == 0) {
		changes = nlen != wlen || memcmp(now, want, nlen) != 0;
		free(want);
	}
	free(now);
	return changes;
}

/*
 * Saving current keeps the one it replaces as prev (HP's "last known" copy). Saving what is
 * already there writes nothing, so the one backup is never lost to a change that changed nothing.
 */
int
guest_store_save(const struct guest *g, enum config_slot s, struct hpvm_err *e)
{
	char cur[HPVM_PATH_LEN], prev[HPVM_PATH_LEN], *buf;
	size_t len;

	if (s == CONFIG_CURRENT) {
		if (guest_store_slot_path(g->uuid, CONFIG_CURRENT, cur, sizeof(cur), e) == -1 ||
		    guest_store_slot_path(g->uuid, CONFIG_PREV, prev, sizeof(prev), e) == -1)
			return -1;
		if (!changes_current(g, cur))
			return 0;
		if (file_read_all(cur, &buf, &len, NULL) == 0) {
			int rc = file_write_atomic(prev, buf, len, GUEST_STORE_FILE_MODE, e);
			free(buf);
			if (rc == -1)
				return -1;
		}
	}
	return write_slot(g, s, e);
}

int
guest_store_create(const struct guest *g, struct hpvm_err *e)
{
	char dir[HPVM_PATH_LEN], link[HPVM_PATH_LEN], target[128];

	if (guest_store_prepare(e) == -1)
		return -1;
	if (guest_store_dir(g->uuid, dir, sizeof(dir), e) == -1 ||
	    path_build(link, sizeof(link), e, HPVM_GUESTS "/%s", g->name) == -1)
		return -1;
	if (access(link, F_OK) == 0 || errno != ENOENT)
		return hpvm_fail(e, EEXIST, "A guest named '%s' already exists.", g->name);
	if (mkdir(dir, GUEST_STORE_DIR_MODE) == -1)
		return hpvm_fail(e, errno, "Unable to create %s: %s", dir, strerror(errno));
	if (write_slot(g, CONFIG_CURRENT, e) == -1) {
		dir_remove_flat(dir, NULL);
		return -1;
	}
	snprintf(target, sizeof(target), "../uuids/%s", g->uuid);
	if (file_symlink_atomic(target, link, e) == -1) {
		dir_remove_flat(dir, NULL);
		return -1;
	}
	return 0;
}

/* Rename: write the new name inside, add the new link, then drop the old one. */
int
guest_store_rename(struct guest *g, const char *newname, struct hpvm_err *e)
{
	char oldlink[HPVM_PATH_LEN], newlink[HPVM_PATH_LEN], target[128], dir[HPVM_PATH_LEN];

	if (path_build(oldlink, sizeof(oldlink), e, HPVM_GUESTS "/%s", g->name) == -1 ||
	    path_build(newlink, sizeof(newlink), e, HPVM_GUESTS "/%s", newname) == -1 ||
	    path_build(dir, sizeof(dir), e, HPVM_GUESTS) == -1)
		return -1;
	if (access(newlink, F_OK) == 0)
		return hpvm_fail(e, EEXIST, "A guest named '%s' already exists.", newname);
	snprintf(g->name, sizeof(g->name), "%s", newname);
	if (guest_store_save(g, CONFIG_CURRENT, e) == -1)
		return -1;
	snprintf(target, sizeof(target), "../uuids/%s", g->uuid);
	if (file_symlink_atomic(target, newlink, e) == -1)
		return -1;
	if (unlink(oldlink) == -1)
		return hpvm_fail(e, errno, "Unable to remove %s: %s", oldlink, strerror(errno));
	dir_sync(dir);
	return 0;
}

/* Drop the name first: from then on the guest is gone, whatever happens to its directory. */
int
guest_store_remove(const struct guest *g, struct hpvm_err *e)
{
	char link[HPVM_PATH_LEN], dir[HPVM_PATH_LEN], gdir[HPVM_PATH_LEN];

	if (path_build(link, sizeof(link), e, HPVM_GUESTS "/%s", g->name) == -1 ||
	    path_build(gdir, sizeof(gdir), e, HPVM_GUESTS) == -1 ||
	    guest_store_dir(g->uuid, dir, sizeof(dir), e) == -1)
		return -1;
	if (unlink(link) == -1)
		return hpvm_fail(e, errno, "Unable to remove %s: %s", link, strerror(errno));
	dir_sync(gdir);
	return dir_remove_flat(dir, e);
}

/* Of two links to one UUID (a rename cut short), the one the configuration names wins. */
static int
link_loses(const char *name, const char *other, const char *uuid)
{
	struct guest g;
	int loses;

	if (load_uuid_slot(uuid, CONFIG_CURRENT, &g, NULL) == -1)
		return strcmp(name, other) > 0;
	loses = strcmp(g.name, name) != 0 && (strcmp(g.name, other) == 0 ||
	    strcmp(name, other) > 0);
	guest_free(&g);
	return loses;
}

struct link_ent {
	char	*name;
	char	 uuid[UUID_STR_LEN + 1];
};

static int
cmp_link_uuid(const void *a, const void *b)
{
	return strcmp(((const struct link_ent *)a)->uuid, ((const struct link_ent *)b)->uuid);
}

static int
cmp_link_name(const void *a, const void *b)
{
	return strcmp(((const struct link_ent *)a)->name, ((const struct link_ent *)b)->name);
}

/* Sort by UUID so duplicates are neighbours; keep one name per UUID. */
static size_t
drop_duplicate_links(struct link_ent *ents, size_t n, enum guest_list_mode mode)
{
	char link[HPVM_PATH_LEN];
	size_t i, keep = 0;

	/* An empty guests directory has no entries at all: qsort must not see a null array. */
	if (n > 1)
		qsort(ents, n, sizeof(*ents), cmp_link_uuid);
	for (i = 0; i < n; i++) {
		if (keep > 0 && strcmp(ents[i].uuid, ents[keep - 1].uuid) == 0) {
			char *loser = ents[i].name;
			if (!link_loses(ents[i].name, ents[keep - 1].name, ents[i].uuid)) {
				loser = ents[keep - 1].name;
				ents[keep - 1].name = ents[i].name;
			}
			if (mode == GUEST_LIST_REPAIR && path_build(link, sizeof(link), NULL, HPVM_GUESTS "/%s", loser) == 0)
				unlink(link);
			free(loser);
			continue;
		}
		ents[keep++] = ents[i];
	}
	return keep;
}

/* The names and UUIDs, sorted by name, out of the entries (which are freed). */
static int
list_fill(struct guest_store_list *l, struct link_ent *ents, size_t n)
{
	size_t i;

	if (n > 0)	/* an empty directory has no array at all: qsort may not be given NULL */
		qsort(ents, n, sizeof(*ents), cmp_link_name);
	l->names = calloc(n + 1, sizeof(char *));
	l->uuids = calloc(n + 1, sizeof(*l->uuids));
	if (l->names == NULL || l->uuids == NULL) {
		for (i = 0; i < n; i++)
			free(ents[i].name);
		free(ents);
		guest_store_list_free(l);
		return -1;
	}
	for (i = 0; i < n; i++) {
		l->names[i] = ents[i].name;
		memcpy(l->uuids[i], ents[i].uuid, sizeof(l->uuids[i]));
	}
	l->n = n;
	free(ents);
	return 0;
}

/* Names of all guests, sorted, with their UUIDs. GUEST_LIST_REPAIR (exclusive lock held) removes links a crash left behind. */
int
guest_store_list(struct guest_store_list *l, enum guest_list_mode mode, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN];
	struct link_ent *ents = NULL;
	struct dirent *d;
	DIR *dir;
	size_t cap = 0, n = 0, i;

	memset(l, 0, sizeof(*l));
	if (path_build(path, sizeof(path), e, HPVM_GUESTS) == -1)
		return -1;
	if ((dir = opendir(path)) == NULL)
		return errno == ENOENT ? 0 :
		    hpvm_fail(e, errno, "Unable to read %s: %s", path, strerror(errno));
	while ((d = readdir(dir)) != NULL) {
		if (name_check_guest(d->d_name, NULL) == -1)	/* also ".", "..", temporary files */
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			struct link_ent *ne = realloc(ents, cap * sizeof(*ents));
			if (ne == NULL)
				goto nomem;
			ents = ne;
		}
		if (guest_store_lookup(d->d_name, ents[n].uuid, sizeof(ents[0].uuid), NULL) == -1)
			continue;
		if ((ents[n].name = strdup(d->d_name)) == NULL)
			goto nomem;
		n++;
	}
	closedir(dir);
	if (list_fill(l, ents, drop_duplicate_links(ents, n, mode)) == -1)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	return 0;
nomem:
	closedir(dir);
	for (i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
	return hpvm_fail(e, ENOMEM, "Out of memory.");
}

void
guest_store_list_free(struct guest_store_list *l)
{
	size_t i;

	for (i = 0; l->names != NULL && i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	free(l->uuids);
	memset(l, 0, sizeof(*l));
}
