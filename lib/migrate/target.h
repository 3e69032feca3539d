/* target.h: the receiving side of a migration, run as root by hpvmmigrated for one session. */
#ifndef HPVM_TARGET_H
#define HPVM_TARGET_H

#include <sys/types.h>

#include <json-c/json.h>

#include "migrate/arrival.h"

struct hpvm_err;


void	target_init(struct arrival *t, pid_t session, const char *peer);
int	target_handle(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e);
void	target_finish(struct arrival *t);

#endif
