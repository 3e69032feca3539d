/* guest_log.c: one timestamped line per event in the guest's log, written whole so writers never interleave. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "base/path.h"
#include "vmm/guest_log.h"

/* Append one timestamped line to /var/opt/hpvm/uuids/<uuid>/log. */
void
guest_log(const char *uuid, const char *fmt, ...)
{
	char path[HPVM_PATH_LEN], line[1024], when[32];
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;
	int fd, n;

	if (path_build(path, sizeof(path), NULL, HPVM_UUIDS "/%s/log", uuid) == -1)
		return;
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s ", when);
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) == -1)
		return;
	if (write(fd, line, (size_t)n) != n)
		(void)errno;
	close(fd);
}
