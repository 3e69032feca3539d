/* proto.h: the migration protocol's version, settings (hpvmconf) and the tokens that name data streams. */
#ifndef HPVM_PROTO_H
#define HPVM_PROTO_H

#include <stddef.h>

#include "base/path.h"

struct hpvm_err;

#define PROTO_VERSION		1
#define PROTO_PORT_DEFAULT	4470
#define PROTO_TOKEN_LEN		32		/* hex digits: 128 random bits */
#define PROTO_RUN		HPVM_RUN "/migrate"	/* stream sockets: root's alone */
#define PROTO_STREAM_BUF	(4 << 20)	/* a local stream socket's buffers, each way */

struct proto_conf {
	int	port;
	int	timeout_s;		/* a step, and a silent link */
	long	bandwidth_mb;		/* MB/s for QEMU's stream; 0 for no limit */
	int	downtime_ms;		/* the most the guest may pause at the switch */
	int	sessions;		/* connections the daemon serves at once */
	char	listen[256];		/* address the daemon listens on; "" for all */
};

void	proto_conf_load(struct proto_conf *c);
int	proto_token_new(char *buf, size_t len);
int	proto_token_valid(const char *s);
int	proto_token_path(const char *token, char *buf, size_t len, struct hpvm_err *e);
int	proto_run_dir(char *buf, size_t len, struct hpvm_err *e);

#endif
