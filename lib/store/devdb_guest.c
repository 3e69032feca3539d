/* devdb_guest.c: guests take devices from the database and give them back: restriction, sharing, aliases. */
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "store/devdb.h"
#include "store/devdb_guest.h"
#include "store/devid.h"
#include "base/hpvm_err.h"
#include "model/guest.h"
#include "store/guest_store.h"

/*
 * The restricted entry `path` is, or is below, or is the same device as, however it is spelled:
 * compared by real path (so /./etc, //etc and links into /etc count) and by identity.
 */
const struct devdb_ent *
devdb_guest_restricted(const struct devdb *db, const char *path)
{
	char id[DEVID_LEN], parent[DEVID_LEN];
	size_t i;

	devid_identity(path, id, sizeof(id));
	devid_parent_identity(path, parent, sizeof(parent));
	for (i = 0; i < db->n; i++) {
		const struct devdb_ent *ent = &db->ent[i];
		if (!devdb_attr_is(ent, "CONFIG", "rdev"))
			continue;
		if (devid_path_within(path, ent->name) ||
		    (!devdb_attr_is(ent, "IGNOREWWID", "YES") && ((id[0] != '\0' && strcmp(ent->id, id) == 0) ||
		    (parent[0] != '\0' && strcmp(ent->id, parent) == 0))))
			return ent;
	}
	return NULL;
}

/* The entry for this device under its own name, or under an alias with the same identity. */
static struct devdb_ent *
find_device(struct devdb *db, const char *key, const char *id)
{
	struct devdb_ent *ent = devdb_find(db, key);
	size_t i;

	if (ent != NULL || id[0] == '\0')
		return ent;
	/* IGNOREWWID=YES: the entry is its path alone (identifiers that lie, such as cloned LUNs). */
	for (i = 0; i < db->n; i++)
		if (devdb_attr_is(&db->ent[i], "CONFIG", "gdev") && strcmp(db->ent[i].id, id) == 0 &&
		    !devdb_attr_is(&db->ent[i], "IGNOREWWID", "YES"))
			return &db->ent[i];
	return NULL;
}

static const char *
devtype_of(const struct device *d)
{
	struct stat st;

	if (d->type == DEV_NETWORK)
		return "SWITCH";
	if (d->backing == BK_ATTACH)
		return d->type == DEV_TAPE ? "TAPE" : d->type == DEV_CHANGER ? "CHANGER" : "BURNER";
	if (d->backing == BK_LV)
		return "LV";
	if (d->backing == BK_DISK || (stat(d->location, &st) == 0 && S_ISBLK(st.st_mode)))
		return "DISK";
	return "FILE";
}

static struct devdb_ent *
new_entry(struct devdb *db, const struct device *d, const char *id)
{
	struct devdb_ent *ent = devdb_add(db, device_key(d), "gdev");
	int shared = d->type == DEV_NETWORK || (d->type == DEV_DVD && d->backing == BK_FILE);

	if (ent == NULL)
		return NULL;
	devdb_attr_set(ent, "EXIST", d->type == DEV_NETWORK || id[0] != '\0' ? "YES" : "NO");
	devdb_attr_set(ent, "DEVTYPE", devtype_of(d));
	devdb_attr_set(ent, "SHARE", shared ? "YES" : "NO");
	if (d->backing == BK_FILE)
		devdb_attr_set(ent, "USAGE", d->type == DEV_DVD ? "DVD" : "DISK");
	return devdb_ent_set_id(ent, id) == -1 ? NULL : ent;
}

/* Does `g` use the device of `ent`, under the entry's name or any other path to the same device? */
int
devdb_guest_uses(const struct guest *g, const struct devdb_ent *ent)
{
	char id[DEVID_LEN];
	size_t i;

	for (i = 0; i < g->ndevs; i++) {
		const char *k = device_key(&g->devs[i]);
		if (k == NULL)
			continue;
		if (strcmp(k, ent->name) == 0)
			return 1;
		if (ent->id[0] != '\0' && g->devs[i].type != DEV_NETWORK) {
			devid_identity(k, id, sizeof(id));
			if (strcmp(id, ent->id) == 0)
				return 1;
		}
	}
	return 0;
}

/*
 * The same for the guest configured under `name`. A configuration that cannot be read keeps
 * everything the database says it holds until it is repaired or removed.
 */
int
devdb_guest_named_uses(const char *name, const struct devdb_ent *ent)
{
	struct guest g;
	int uses;

	if (guest_store_load(name, &g, NULL) == -1)
		return guest_store_exists(name);
	uses = devdb_guest_uses(&g, ent);
	guest_free(&g);
	return uses;
}

/*
 * Refuse (or with DEVDB_SHARING_WARNED, warn about) a device another guest holds that is not
 * sharable; drop stale dependents on the way. A device the guest already holds was judged
 * when it took it: from then on only a start judges it, against the guests that run.
 */
static int
check_conflict(struct devdb_ent *ent, const struct device *d, const char *guest,
    enum devdb_sharing sharing, struct hpvm_err *e)
{
	size_t i = 0;

	if ((devdb_attr_is(ent, "SHARE", "YES") && d->backing != BK_ATTACH) ||
	    devdb_dep_has(ent, guest))
		return 0;
	while (i < ent->ndeps) {
		const char *dep = ent->deps[i];
		if (!devdb_guest_named_uses(dep, ent)) {
			devdb_dep_remove(ent, dep);
			continue;
		}
		if (sharing == DEVDB_SHARING_WARNED)
			hpvm_warn(e, "Device %s is shared with guest '%s'; the two cannot run at the "
			    "same time unless it is made sharable (SHARE=YES).", d->location, dep);
		else if (strcmp(ent->name, d->location) != 0)
			return hpvm_fail(e, EBUSY, "Device %s is the same device as %s, which is in "
			    "use by guest '%s'.", d->location, ent->name, dep);
		else
			return hpvm_fail(e, EBUSY, "Device %s is in use by guest '%s'.", ent->name, dep);
		i++;
	}
	return 0;
}

/* May running guests share this device (SHARE=YES in its entry)? */
int
devdb_guest_sharable(struct devdb *db, const struct device *d)
{
	const struct devdb_ent *ent;
	char id[DEVID_LEN] = "";
	const char *key = device_key(d);

	if (key == NULL)
		return 0;
	devid_identity(key, id, sizeof(id));
	return (ent = find_device(db, key, id)) != NULL && devdb_attr_is(ent, "SHARE", "YES") &&
	    d->backing != BK_ATTACH;
}

/* Check and reserve one device for dependent `guest`: restricted, host-owned or held by another guest is refused. */
int
devdb_guest_reserve_device(struct devdb *db, const struct device *d, const char *guest,
    enum devdb_sharing sharing, struct hpvm_err *e)
{
	const struct devdb_ent *r;
	struct devdb_ent *ent;
	char id[DEVID_LEN] = "";
	const char *key = device_key(d);

	if (key == NULL)
		return 0;
	if (d->type != DEV_NETWORK) {
		devid_identity(key, id, sizeof(id));
		if ((r = devdb_guest_restricted(db, key)) != NULL)
			return hpvm_fail(e, EPERM, "Device %s is restricted (device database entry "
			    "rdev:%s); guests cannot use it.", key, r->name);
	}
	if ((ent = find_device(db, key, id)) == NULL && (ent = new_entry(db, d, id)) == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	if (!devdb_attr_is(ent, "CONFIG", "gdev"))
		return hpvm_fail(e, EPERM, "Device %s is reserved for the host (device database "
		    "entry %s:%s).", key, devdb_attr(ent, "CONFIG"), ent->name);
	if (check_conflict(ent, d, guest, sharing, e) == -1)
		return -1;
	if (devdb_dep_add(ent, guest) == -1)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	return 0;
}

/* Add dependent `as` (the guest's name as the database knows it) to every device `g` uses; reports every refusal. */
int
devdb_guest_reserve(struct devdb *db, const struct guest *g, const char *as,
    enum devdb_sharing sharing, struct hpvm_err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < g->ndevs; i++)
		if (devdb_guest_reserve_device(db, &g->devs[i], as, sharing, e) == -1)
			rc = -1;
	return rc;
}

/* Drop `name` from every device that `keep` (may be NULL) no longer uses; forget unused entries unless PRESERVE=YES. */
void
devdb_guest_release(struct devdb *db, const char *name, const struct guest *keep)
{
	size_t i = 0;

	while (i < db->n) {
		struct devdb_ent *ent = &db->ent[i];
		if (devdb_dep_has(ent, name) && (keep == NULL || !devdb_guest_uses(keep, ent))) {
			devdb_dep_remove(ent, name);
			if (ent->ndeps == 0 && devdb_attr_is(ent, "CONFIG", "gdev") && !devdb_attr_is(ent, "PRESERVE", "YES")) {
				devdb_remove(db, ent);
				continue;
			}
		}
		i++;
	}
}

int
devdb_guest_rename(struct devdb *db, const char *from, const char *to)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		if (devdb_dep_has(&db->ent[i], from) && devdb_dep_add(&db->ent[i], to) == -1)
			return -1;
	return 0;
}

/* Re-read identity and existence of the guest's devices (after hpvmclone -b made its copies). */
void
devdb_guest_refresh(struct devdb *db, const struct guest *g)
{
	struct devdb_ent *ent;
	char id[DEVID_LEN];
	size_t i;

	for (i = 0; i < g->ndevs; i++) {
		const char *k = device_key(&g->devs[i]);
		if (k == NULL || g->devs[i].type == DEV_NETWORK || (ent = devdb_find(db, k)) == NULL)
			continue;
		devid_identity(k, id, sizeof(id));
		devdb_ent_set_id(ent, id);
		devdb_attr_set(ent, "EXIST", ent->id[0] != '\0' ? "YES" : "NO");
	}
}
