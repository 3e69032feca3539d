/* monlog.c: append one timestamped, escaped line to hpvm_mon_log in a single write, so writers never interleave. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "base/dir.h"
#include "base/monlog.h"
#include "base/path.h"
#include "base/str.h"

void
monlog_write(const char *fmt, ...)
{
	char dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN], text[1024], safe[2048], line[2100], when[32];
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;
	int fd, n;

	if (path_build(dir, sizeof(dir), NULL, HPVM_COMMON) == -1 ||
	    path_build(path, sizeof(path), NULL, HPVM_MONLOG) == -1 || dir_make(dir, 0755, NULL) == -1)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	str_escape(safe, sizeof(safe), text);
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s %s\n", when, safe);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640)) == -1)
		return;
	if (write(fd, line, (size_t)n) != n)
		(void)0;	/* nowhere left to report a failed log write */
	close(fd);
}
