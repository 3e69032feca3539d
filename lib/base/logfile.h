/* logfile.h: append one line to a log: timestamped, control bytes escaped, in a single write. */
#ifndef HPVM_LOGFILE_H
#define HPVM_LOGFILE_H

#include <sys/types.h>
#include <stdarg.h>

void	logfile_vappend(const char *path, mode_t mode, const char *fmt, va_list ap)
	    __attribute__((format(printf, 3, 0)));

#endif
