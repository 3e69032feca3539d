/*
 * logfile.c: one timestamped line appended in a single write(), so concurrent writers never
 * interleave partial lines, and with user text escaped, so nobody can forge an entry.
 */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "base/logfile.h"
#include "base/str.h"

void
logfile_vappend(const char *path, mode_t mode, const char *fmt, va_list ap)
{
	char text[1024], safe[2048], line[2100], when[32];
	time_t now = time(NULL);
	struct tm tm;
	int fd, n;

	vsnprintf(text, sizeof(text), fmt, ap);
	str_escape(safe, sizeof(safe), text);
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s %s\n", when, safe);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode)) == -1)
		return;
	if (write(fd, line, (size_t)n) != n)
		(void)0;	/* nowhere left to report a failed log write */
	close(fd);
}
