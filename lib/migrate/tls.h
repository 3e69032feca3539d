/* tls.h: migration's TLS 1.3 with the site's certificates: both ends verify each other, every step has a time limit. */
#ifndef HPVM_TLS_H
#define HPVM_TLS_H

#include <stddef.h>

#include <openssl/ssl.h>

struct hpvm_err;

enum tls_role { TLS_CLIENT, TLS_SERVER };

/* One TLS connection, with the name of its peer for every message about it. */
struct tls_conn {
	SSL	*ssl;
	int	 fd;
	char	 peer[128];
};

SSL_CTX	*tls_context(const char *dir, enum tls_role role, struct hpvm_err *e);
void	 tls_socket_tune(int fd, int timeout_s);
int	 tls_tcp_connect(const char *host, int port, int timeout_ms, struct hpvm_err *e);
int	 tls_client(SSL_CTX *ctx, int fd, const char *host, int timeout_ms, struct tls_conn *c,
	    struct hpvm_err *e);
int	 tls_accept(SSL_CTX *ctx, int fd, const char *peer, int timeout_ms, struct tls_conn *c,
	    struct hpvm_err *e);
int	 tls_read_full(struct tls_conn *c, void *buf, size_t len, int timeout_ms, struct hpvm_err *e);
int	 tls_write_full(struct tls_conn *c, const void *buf, size_t len, int timeout_ms,
	    struct hpvm_err *e);
int	 tls_peer_name(struct tls_conn *c, char *buf, size_t len);
int	 tls_wait(struct tls_conn *c, int for_write, int timeout_ms);
void	 tls_close(struct tls_conn *c);

#endif
