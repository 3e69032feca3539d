/* guest_define.h: define a new guest in one transaction under the global lock. */
#ifndef HPVM_GUEST_DEFINE_H
#define HPVM_GUEST_DEFINE_H

#include "store/devdb_guest.h"

struct devdb;
struct guest;
struct guest_index;
struct hpvm_err;

/* Only check (hpvmcreate -s), or write too? */
enum define_mode { DEFINE_WRITE, DEFINE_CHECK_ONLY };

/* Called after validation succeeded and before anything is written; may fail and stop the transaction. */
typedef int (*guest_hook)(struct guest *g, void *arg, struct hpvm_err *e);

int	guest_define(struct guest *g, enum define_mode mode, guest_hook hook, void *arg,
	    struct hpvm_err *e);
int	guest_define_sharing(struct guest *g, enum define_mode mode, guest_hook hook, void *arg,
	    struct hpvm_err *e);
int	guest_define_migrated(struct guest *g, const struct guest *replace, enum define_mode mode,
	    struct hpvm_err *e);
int	guest_define_prepare(struct guest *g, const struct guest_index *ix, struct devdb *db,
	    const char *as, enum devdb_sharing sharing, struct hpvm_err *e);

#endif
