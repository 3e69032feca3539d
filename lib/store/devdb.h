/* devdb.h: the device management database, HP's line format "name:ATTR=v,...:dependents:id". */
#ifndef HPVM_DEVDB_H
#define HPVM_DEVDB_H

#include <stddef.h>

#include "store/devid.h"

struct hpvm_err;

#define DEVDB_ATTR_MAX	12
#define DEVDB_HEADER	"# hpvm_mgmtdb format 1"
#define DEVDB_TRAILER_FMT	"# end: %zu entries"

struct devdb_attr {
	char	key[16];
	char	val[48];
};

struct devdb_ent {
	char			*name;
	struct devdb_attr	*attr;		/* as many as the entry has room for: a database has thousands */
	int			 nattr, acap;
	char			**deps;
	size_t			 ndeps;
	char			 id[DEVID_LEN];
	const char		*line, *line_end;	/* the file's text: strings in it are not freed */
};

struct devdb {
	struct devdb_ent	*ent;
	size_t			 n, cap;
	char			*saved;		/* the file as last read or written, or NULL */
	size_t			 saved_len;
	char			*text;		/* the parsed copy entries' names and dependents point into */
};

/* Changes one loaded database; 0 to have it saved. */
typedef int (*devdb_editor)(struct devdb *db, void *arg, struct hpvm_err *e);

int			 devdb_load(struct devdb *db, struct hpvm_err *e);
int			 devdb_update(devdb_editor fn, void *arg, struct hpvm_err *e);
int			 devdb_parse(struct devdb *db, const char *text, struct hpvm_err *e);
int			 devdb_save(struct devdb *db, struct hpvm_err *e);
int			 devdb_format(const struct devdb *db, char **out, size_t *outlen);
int			 devdb_text(const struct devdb *db, char **out, size_t *outlen);
void			 devdb_free(struct devdb *db);
int			 devdb_is_default(const char *name);
struct devdb_ent	*devdb_find(struct devdb *db, const char *name);
struct devdb_ent	*devdb_add(struct devdb *db, const char *name, const char *config);
void			 devdb_remove(struct devdb *db, struct devdb_ent *ent);
const char		*devdb_attr(const struct devdb_ent *ent, const char *key);
int			 devdb_attr_set(struct devdb_ent *ent, const char *key, const char *val);
int			 devdb_attr_is(const struct devdb_ent *ent, const char *key, const char *val);
int			 devdb_dep_has(const struct devdb_ent *ent, const char *dep);
int			 devdb_dep_add(struct devdb_ent *ent, const char *dep);
int			 devdb_dep_remove(struct devdb_ent *ent, const char *dep);
int			 devdb_ent_rename(struct devdb_ent *ent, const char *name);

#endif
