/* devdb.h: the device management database, HP's line format "name:ATTR=v,...:dependents:id". */
#ifndef HPVM_DEVDB_H
#define HPVM_DEVDB_H

#include <stddef.h>
#include <stdint.h>

#include "base/file_map.h"
#include "base/keytab.h"
#include "store/devid.h"

struct devdb_chunk;
struct hpvm_err;

#define DEVDB_ATTR_MAX	12
#define DEVDB_KEY_LEN	16	/* an attribute's name, with its NUL */
#define DEVDB_VAL_LEN	48	/* an attribute's value, with its NUL */
#define DEVDB_HEADER	"# hpvm_mgmtdb format 1"
#define DEVDB_TRAILER_FMT	"# end: %zu entries"

/* Both point into the text the entry was read from, or to memory of their own. */
struct devdb_attr {
	const char	*key;
	const char	*val;
};

/* An entry's flags: kept by devdb.c's edits, read by devdb_file.c's writes. */
#define DEVDB_ENT_FRESH		0x1	/* differs from its line in db->orig (or has none): formatted anew */
#define DEVDB_ENT_DIRTY		0x2	/* changed since read or last saved */
#define DEVDB_ENT_OWN_ATTR	0x4	/* attr is the entry's own memory, not db->attrs */
#define DEVDB_ENT_OWN_DEPS	0x8	/* deps likewise, not db->deps */

struct devdb_ent {
	char			*name;
	struct devdb_attr	*attr;		/* room for acap; a database has thousands of entries */
	int			 nattr, acap;
	char			**deps;
	size_t			 ndeps, dcap;
	char			*id;		/* never NULL; "" when the device has no identity */
	const char		*line, *line_end;	/* the parsed text: strings in it are not freed */
	size_t			 off, len;	/* the entry's line in the file as read (db->orig) */
	unsigned		 flags;		/* DEVDB_ENT_* */
};

struct devdb {
	struct devdb_ent	*ent;
	size_t			 n, cap;
	struct file_map		 orig;		/* the file as read: unchanged entries are written from it */
	char			*text;		/* the parsed copy entries' strings point into */
	struct devdb_chunk	*pool;		/* the read entries' attributes and dependents */
	struct keytab		 names;		/* by name; empty (cap 0) to rebuild */
	int			 dirty;		/* entries added or removed since read or saved */
};

/* Changes one loaded database; 0 to have it saved. */
typedef int (*devdb_editor)(struct devdb *db, void *arg, struct hpvm_err *e);

/* devdb.c */
int			 devdb_parse_text(struct devdb *db, const char *text, size_t len,
			    struct hpvm_err *e);
/* devdb_file.c */
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
int			 devdb_attr_unset(struct devdb_ent *ent, const char *key);
int			 devdb_attr_is(const struct devdb_ent *ent, const char *key, const char *val);
int			 devdb_dep_has(const struct devdb_ent *ent, const char *dep);
int			 devdb_dep_add(struct devdb_ent *ent, const char *dep);
int			 devdb_dep_remove(struct devdb_ent *ent, const char *dep);
int			 devdb_ent_rename(struct devdb *db, struct devdb_ent *ent, const char *name);
int			 devdb_ent_set_id(struct devdb_ent *ent, const char *id);

#endif
