/* incoming.h: the target's QEMU for a live migration: started paused, fed the stream, resumed at the commit. */
#ifndef HPVM_INCOMING_H
#define HPVM_INCOMING_H

#include <json-c/json.h>

struct hpvm_err;
struct arrival;

int	incoming_create_disks(struct arrival *t, struct hpvm_err *e);
int	incoming_start(struct arrival *t, json_object *reply, struct hpvm_err *e);
int	incoming_memory(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e);
int	incoming_commit(struct arrival *t, struct hpvm_err *e);
void	incoming_close(struct arrival *t);

#endif
