/* guest_log.h: the guest's own log, /var/opt/hpvm/uuids/<uuid>/log: starts, stops, crashes, changes. */
#ifndef HPVM_GUEST_LOG_H
#define HPVM_GUEST_LOG_H

void	guest_log(const char *uuid, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
