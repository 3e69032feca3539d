/* stream.h: the sockets a target's session opens for the data streams a peer sends, one per token. */
#ifndef HPVM_STREAM_H
#define HPVM_STREAM_H

#include <stddef.h>

#include "migrate/proto.h"

struct hpvm_err;

int	stream_listen(char *token, size_t tlen, char *path, size_t plen, struct hpvm_err *e);
int	stream_accept(int listen_fd, int timeout_s, struct hpvm_err *e);
void	stream_close(int *listen_fd, char *path);

#endif
