/* guest_log.h: the guest's own log, /var/opt/hpvm/uuids/<uuid>/log: starts, stops, crashes, changes, console sessions. */
#ifndef HPVM_GUEST_LOG_H
#define HPVM_GUEST_LOG_H

#include <stddef.h>

struct hpvm_err;

int	guest_log_path(const char *uuid, char *buf, size_t len, struct hpvm_err *e);
void	guest_log(const char *uuid, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int	guest_log_rotate(const char *uuid, char *old, size_t len, struct hpvm_err *e);

#endif
