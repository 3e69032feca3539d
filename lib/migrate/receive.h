/* receive.h: disks copied to the target during an offline migration, checked by SHA-256. */
#ifndef HPVM_RECEIVE_H
#define HPVM_RECEIVE_H

#include <json-c/json.h>

struct hpvm_err;
struct arrival;

int	receive_put(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e);
int	receive_putdata(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e);
int	receive_verify(struct arrival *t, json_object *digests, struct hpvm_err *e);

#endif
