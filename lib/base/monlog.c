/* monlog.c: host-level events, one line each, in /var/opt/hpvm/common/hpvm_mon_log. */
#include <stdarg.h>

#include "base/logfile.h"
#include "base/monlog.h"
#include "base/path.h"

void
monlog_write(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	logfile_vappend_host(HPVM_MONLOG, 0640, fmt, ap);
	va_end(ap);
}
