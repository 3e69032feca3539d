/* sock.h: unix stream sockets: listen on a path, connect to one, pass descriptors over one both ways. */
#ifndef HPVM_SOCK_H
#define HPVM_SOCK_H

#include <sys/types.h>
#include <stddef.h>

struct hpvm_err;

int	sock_listen_unix(const char *path, mode_t mode, struct hpvm_err *e);
int	sock_connect_unix(const char *path, struct hpvm_err *e);
int	sock_send_fd(int sock, const void *buf, size_t len, int fd);
int	sock_recv_fd(int sock, void *buf, size_t len, int *fd);
void	sock_grow(int fd, int bytes);

#endif
