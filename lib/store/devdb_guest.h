/* devdb_guest.h: the rules commands apply when guests take and give back devices. */
#ifndef HPVM_DEVDB_GUEST_H
#define HPVM_DEVDB_GUEST_H

struct devdb;
struct devdb_ent;
struct device;
struct guest;
struct hpvm_err;

int	devdb_guest_reserve_device(struct devdb *db, const struct device *d, const char *guest,
	    struct hpvm_err *e);
int	devdb_guest_reserve(struct devdb *db, const struct guest *g, const char *as,
	    struct hpvm_err *e);
void	devdb_guest_release(struct devdb *db, const char *name, const struct guest *keep);
int	devdb_guest_rename(struct devdb *db, const char *from, const char *to);
void	devdb_guest_refresh(struct devdb *db, const struct guest *g);
int	devdb_guest_uses(const struct guest *g, const struct devdb_ent *ent);
int	devdb_guest_named_uses(const char *name, const struct devdb_ent *ent);
const struct devdb_ent *devdb_guest_restricted(const struct devdb *db, const char *path);

#endif
