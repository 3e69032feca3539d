/* devdb.h: the device management database, HP's line format "name:ATTR=v,...:dependents:id". */
#ifndef HPVM_DEVDB_H
#define HPVM_DEVDB_H

#include <stddef.h>

struct device;
struct guest;
struct hpvm_err;

#define DEVDB_ATTR_MAX	12
#define DEVDB_ID_LEN	128

struct devdb_attr {
	char	key[16];
	char	val[48];
};

struct devdb_ent {
	char			*name;
	struct devdb_attr	 attr[DEVDB_ATTR_MAX];
	int			 nattr;
	char			**deps;
	size_t			 ndeps;
	char			 id[DEVDB_ID_LEN];
};

struct devdb {
	struct devdb_ent	*ent;
	size_t			 n, cap;
};

int			 devdb_load(struct devdb *, struct hpvm_err *);
int			 devdb_parse(struct devdb *, const char *, struct hpvm_err *);
int			 devdb_save(const struct devdb *, struct hpvm_err *);
int			 devdb_format(const struct devdb *, char **, size_t *);
void			 devdb_free(struct devdb *);
int			 devdb_is_default(const char *);
struct devdb_ent	*devdb_find(struct devdb *, const char *);
struct devdb_ent	*devdb_add(struct devdb *, const char *, const char *);
void			 devdb_remove(struct devdb *, struct devdb_ent *);
const char		*devdb_attr(const struct devdb_ent *, const char *);
int			 devdb_attr_set(struct devdb_ent *, const char *, const char *);
int			 devdb_dep_has(const struct devdb_ent *, const char *);
int			 devdb_dep_add(struct devdb_ent *, const char *);
int			 devdb_dep_remove(struct devdb_ent *, const char *);

/* devdb_guest.c: the rules commands apply when guests take and give back devices. */
int	devdb_reserve_device(struct devdb *, const struct device *, const char *, struct hpvm_err *);
int	devdb_reserve_guest(struct devdb *, const struct guest *, const char *, struct hpvm_err *);
void	devdb_release_guest(struct devdb *, const char *, const struct guest *);
int	devdb_rename_dependent(struct devdb *, const char *, const char *);
void	devdb_refresh_guest(struct devdb *, const struct guest *);

/* devid.c: one identity for one device, whatever path names it. */
void	device_identity(const char *, char *, size_t);
void	device_parent_identity(const char *, char *, size_t);

#endif
