/* guest_log.c: one timestamped line per event in the guest's log, written whole so writers never interleave. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "base/path.h"
#include "base/str.h"
#include "vmm/guest_log.h"

/* Append one timestamped line to /var/opt/hpvm/uuids/<uuid>/log. */
void
guest_log(const char *uuid, const char *fmt, ...)
{
	char path[HPVM_PATH_LEN], text[1024], safe[2048], line[2100], when[32];
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;
	int fd, n;

	if (path_build(path, sizeof(path), NULL, HPVM_UUIDS "/%s/log", uuid) == -1)
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
	/* Root and the hpvm group read it; others have no business with a guest's history. */
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640)) == -1)
		return;
	if (write(fd, line, (size_t)n) != n)
		(void)0;	/* nowhere left to report a failed log write */
	close(fd);
}
