/* devdb_guest.h: the rules commands apply when guests take and give back devices. */
#ifndef HPVM_DEVDB_GUEST_H
#define HPVM_DEVDB_GUEST_H

struct devdb;
struct devdb_ent;
struct device;
struct guest;
struct hpvm_err;

/*
 * A device another guest holds: refused (create, modify), or taken with a warning, sharing
 * judged when a guest starts, as HP does (clone, the database rebuilt from configurations).
 */
enum devdb_sharing { DEVDB_SHARING_REFUSED, DEVDB_SHARING_WARNED };

int	devdb_guest_reserve_device(struct devdb *db, const struct device *d, const char *guest,
	    enum devdb_sharing sharing, struct hpvm_err *e);
int	devdb_guest_reserve(struct devdb *db, const struct guest *g, const char *as,
	    enum devdb_sharing sharing, struct hpvm_err *e);
int	devdb_guest_sharable(struct devdb *db, const struct device *d);
void	devdb_guest_release(struct devdb *db, const char *name, const struct guest *keep);
int	devdb_guest_rename(struct devdb *db, const char *from, const char *to);
void	devdb_guest_refresh(struct devdb *db, const struct guest *g);
int	devdb_guest_uses(const struct guest *g, const struct devdb_ent *ent);
int	devdb_guest_named_uses(const char *name, const struct devdb_ent *ent);
const struct devdb_ent *devdb_guest_restricted(const struct devdb *db, const char *path);

#endif
