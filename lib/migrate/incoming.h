/* incoming.h: the target's QEMU for a live migration: started paused, fed the stream, resumed at the commit. */
#ifndef HPVM_INCOMING_H
#define HPVM_INCOMING_H

#include <json-c/json.h>

struct hpvm_err;
struct target;

int	incoming_start(struct target *t, json_object *reply, struct hpvm_err *e);
int	incoming_memory(struct target *t, json_object *req, json_object *reply, struct hpvm_err *e);
int	incoming_commit(struct target *t, struct hpvm_err *e);
void	incoming_close(struct target *t);

#endif
