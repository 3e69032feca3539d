/* path.h: where host state lives, always under $HPVM_ROOT. */
#ifndef HPVM_PATH_H
#define HPVM_PATH_H

#include <stddef.h>

struct hpvm_err;

#define HPVM_PATH_LEN	4096

#define HPVM_VAR	"/var/opt/hpvm"
#define HPVM_UUIDS	HPVM_VAR "/uuids"
#define HPVM_GUESTS	HPVM_VAR "/guests"
#define HPVM_VSWITCHES	HPVM_VAR "/vswitches"
#define HPVM_COMMON	HPVM_VAR "/common"
#define HPVM_DEVDB	HPVM_COMMON "/hpvm_mgmtdb"
#define HPVM_CMDLOG	HPVM_COMMON "/command.log"
#define HPVM_LOCKFILE	HPVM_COMMON "/.lock"
#define HPVM_MONLOG	HPVM_COMMON "/hpvm_mon_log"
#define HPVM_HOST_UUID	HPVM_COMMON "/host_uuid"
#define HPVM_GUEST_INDEX	HPVM_COMMON "/guest_index"
#define HPVM_CONF	"/etc/rc.config.d/hpvmconf"
#define HPVM_SSL_DIR	"/etc/opt/hpvm/ssl"
#define HPVM_RUN	"/var/run/hpvm"

const char	*path_root(void);
int		 path_build(char *buf, size_t len, struct hpvm_err *e, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));
const char	*path_unrooted(const char *path);

#endif
