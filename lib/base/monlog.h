/* monlog.h: the host monitor log, /var/opt/hpvm/common/hpvm_mon_log: host-level events, one line each. */
#ifndef HPVM_MONLOG_H
#define HPVM_MONLOG_H

void	monlog_write(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
