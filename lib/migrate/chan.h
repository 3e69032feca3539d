/* chan.h: messages between a migration session's root parent and its network child, with a descriptor now and then. */
#ifndef HPVM_CHAN_H
#define HPVM_CHAN_H

#include <json-c/json.h>

struct hpvm_err;

int	chan_send(int sock, json_object *msg, int fd, struct hpvm_err *e);
int	chan_recv(int sock, json_object **msg, int *fd, int timeout_ms, struct hpvm_err *e);

#endif
