/* session.h: one connection to hpvmmigrated: a migration's control conversation, or one of its data streams. */
#ifndef HPVM_SESSION_H
#define HPVM_SESSION_H

#include <openssl/ssl.h>

struct privsep;
struct proto_conf;

int	session_run(SSL_CTX *ctx, int fd, const char *addr, const struct privsep *ps,
	    const struct proto_conf *conf);

#endif
