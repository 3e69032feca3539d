/* relay.h: carry a byte stream between a local descriptor (a QEMU's, a file's) and a TLS connection. */
#ifndef HPVM_RELAY_H
#define HPVM_RELAY_H

struct tls_conn;

int	relay_run(struct tls_conn *c, int fd);

#endif
