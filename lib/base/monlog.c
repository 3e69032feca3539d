/* monlog.c: host-level events, one line each, in /var/opt/hpvm/common/hpvm_mon_log. */
#include <stdarg.h>

#include "base/dir.h"
#include "base/logfile.h"
#include "base/monlog.h"
#include "base/path.h"

void
monlog_write(const char *fmt, ...)
{
	char dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN];
	va_list ap;

	if (path_build(dir, sizeof(dir), NULL, HPVM_COMMON) == -1 ||
	    path_build(path, sizeof(path), NULL, HPVM_MONLOG) == -1 || dir_make(dir, 0755, NULL) == -1)
		return;
	va_start(ap, fmt);
	logfile_vappend(path, 0640, fmt, ap);
	va_end(ap);
}
