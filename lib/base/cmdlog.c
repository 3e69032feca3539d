/* cmdlog.c: record who ran which command with which arguments, and how it ended. */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/dir.h"
#include "base/file.h"
#include "base/path.h"
#include "base/str.h"

static char	logged_argv[2048];
static time_t	started;

/* Remember the argument vector now: main() may permute argv while parsing. */
void
cmdlog_begin(int argc, char **argv)
{
	size_t off = 0;
	int i;

	started = time(NULL);
	logged_argv[0] = '\0';
	for (i = 0; i < argc && off < sizeof(logged_argv) - 1; i++) {
		char a[sizeof(logged_argv)];
		/* One command, one line: control bytes in an argument cannot start a forged entry. */
		str_escape(a, sizeof(a), argv[i]);
		int quote = strpbrk(a, " '") != NULL || *a == '\0';
		int n = snprintf(logged_argv + off, sizeof(logged_argv) - off,
		    quote ? "%s'%s'" : "%s%s", i ? " " : "", a);
		if (n < 0)
			break;
		off += (size_t)n;
	}
	if (off >= sizeof(logged_argv))
		logged_argv[sizeof(logged_argv) - 1] = '\0';
}

/* Append the line with one write() so concurrent commands never interleave; returns status. */
int
cmdlog_end(int status)
{
	char dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN], line[2600], when[32];
	struct passwd *pw = getpwuid(getuid());
	struct tm tm;
	int fd, n;

	if (path_build(dir, sizeof(dir), NULL, HPVM_COMMON) == -1 ||
	    path_build(path, sizeof(path), NULL, HPVM_CMDLOG) == -1)
		return status;
	localtime_r(&started, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s %s %s : %s%.0d\n", when,
	    pw ? pw->pw_name : "?", logged_argv,
	    status == 0 ? "SUCCESS" : "FAILED ", status);
	if (n < 0)
		return status;
	if ((size_t)n >= sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	if (dir_make(dir, 0755, NULL) == -1)
		return status;
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) == -1)
		return status;
	if (write(fd, line, (size_t)n) != n)
		(void)errno;
	close(fd);
	return status;
}

/*
 * A line for something done on someone else's behalf, as `user` (a console session, a vMP
 * command that hpvmconsoled carried out): the same shape as a command's line.
 */
void
cmdlog_record(const char *user, const char *what, int status)
{
	char path[HPVM_PATH_LEN], safe[1024], line[1400], when[32];
	time_t now = time(NULL);
	struct tm tm;
	int fd, n;

	if (path_build(path, sizeof(path), NULL, HPVM_CMDLOG) == -1)
		return;
	str_escape(safe, sizeof(safe), what);
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s %s %s : %s%.0d\n", when, user, safe,
	    status == 0 ? "SUCCESS" : "FAILED ", status);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) == -1)
		return;
	if (write(fd, line, (size_t)n) != n)
		(void)errno;
	close(fd);
}
