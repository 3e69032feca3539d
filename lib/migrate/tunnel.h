/* tunnel.h: one connection to a peer host, spoken by an unprivileged child; its parent sees checked messages. */
#ifndef HPVM_TUNNEL_H
#define HPVM_TUNNEL_H

#include <sys/types.h>

#include <json-c/json.h>
#include <openssl/ssl.h>

#include "migrate/tls.h"

struct hpvm_err;
struct privsep;

struct tunnel {
	pid_t	pid;
	int	sock;			/* to the child */
	char	peer[300];		/* the address or name dialled or accepted */
	char	cn[128];		/* the name in the peer's verified certificate */
};

int	tunnel_open(SSL_CTX *ctx, enum tls_role role, int netfd, const char *peer,
	    const struct privsep *ps, int timeout_ms, struct tunnel *t, struct hpvm_err *e);
int	tunnel_send(struct tunnel *t, json_object *msg, struct hpvm_err *e);
int	tunnel_recv(struct tunnel *t, json_object **msg, int timeout_ms, struct hpvm_err *e);
int	tunnel_request(struct tunnel *t, json_object *req, json_object **reply, int timeout_ms,
	    struct hpvm_err *e);
int	tunnel_relay(struct tunnel *t, int fd, json_object *reply, struct hpvm_err *e);
void	tunnel_close(struct tunnel *t);

#endif
