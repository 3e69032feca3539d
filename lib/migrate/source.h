/* source.h: hpvmmigrate's side of a migration: check on the target, move the guest, commit. */
#ifndef HPVM_SOURCE_H
#define HPVM_SOURCE_H

#include "migrate/outgoing.h"

struct hpvm_err;

int	source_migrate(const struct outgoing_opts *o, struct outgoing_result *r, struct hpvm_err *e);

#endif
