/* logfile.h: append one line to a log: timestamped, control bytes escaped, in a single write; rotated at VMMLOGSIZE. */
#ifndef HPVM_LOGFILE_H
#define HPVM_LOGFILE_H

#include <sys/types.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>

/* VMMLOGSIZE in hpvmconf is in KB; HP's default, and the least it may be set to, is 1024. */
#define LOGFILE_SIZE_DEFAULT_KB	1024

void	logfile_vappend(const char *path, mode_t mode, const char *fmt, va_list ap)
	    __attribute__((format(printf, 3, 0)));
void	logfile_vappend_host(const char *rel, mode_t mode, const char *fmt, va_list ap)
	    __attribute__((format(printf, 3, 0)));
int	logfile_write_line(const char *path, mode_t mode, const char *line, size_t len);
long	logfile_limit(void);
int	logfile_rotate(const char *path, char *to, size_t len);
int	logfile_rotated_name(const char *path, time_t when, int seq, char *buf, size_t len);

#endif
