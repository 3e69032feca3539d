/* guest_modify.h: change a guest in one transaction under the global lock. */
#ifndef HPVM_GUEST_MODIFY_H
#define HPVM_GUEST_MODIFY_H

#include "ops/guest_define.h"

struct guest;
struct hpvm_err;

/* Edits a loaded guest (apply options, devices, a new name). */
typedef int (*guest_editor)(struct guest *g, const void *arg, struct hpvm_err *e);

int	guest_modify(const char *name, guest_editor edit, const void *arg, enum define_mode mode,
	    struct hpvm_err *e);

#endif
