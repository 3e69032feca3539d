/* cluster_guard.h: refuse hand-made power changes to a guest that a cluster package owns. */
#ifndef HPVM_CLUSTER_GUARD_H
#define HPVM_CLUSTER_GUARD_H

#include "model/cluster_mark.h"

struct hpvm_err;

int	cluster_guard(const char *name, enum cluster_action act, struct hpvm_err *e);

#endif
