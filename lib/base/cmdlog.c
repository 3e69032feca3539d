/* cmdlog.c: record who ran which command with which arguments, and how it ended. */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/dir.h"
#include "base/file.h"
#include "base/logfile.h"
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

/* One command's line, `what` already escaped: one write, so concurrent commands never interleave. */
static void
cmdlog_write(time_t when, const char *user, const char *what, int status)
{
	char dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN], line[2600], stamp[32];
	struct tm tm;
	int n;

	if (path_build(dir, sizeof(dir), NULL, HPVM_COMMON) == -1 ||
	    path_build(path, sizeof(path), NULL, HPVM_CMDLOG) == -1)
		return;
	localtime_r(&when, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s %s %s : %s%.0d\n", stamp, user, what,
	    status == 0 ? "SUCCESS" : "FAILED ", status);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	if (dir_make(dir, 0755, NULL) == -1)
		return;
	/* The shared writer: one write per line, rotated at VMMLOGSIZE like the other logs. */
	(void)logfile_write_line(path, 0644, line, (size_t)n);
}

/* Append the command's line; returns status. */
int
cmdlog_end(int status)
{
	struct passwd *pw = getpwuid(getuid());

	cmdlog_write(started, pw ? pw->pw_name : "?", logged_argv, status);
	return status;
}

/*
 * A line for something done on someone else's behalf, as `user` (a console session, a vMP
 * command that hpvmconsoled carried out): the same shape as a command's line.
 */
void
cmdlog_record(const char *user, const char *what, int status)
{
	char safe[1024];

	str_escape(safe, sizeof(safe), what);
	cmdlog_write(time(NULL), user, safe, status);
}

/* A line of its own for what a command or daemon did beyond its status (a migration's numbers). */
void
cmdlog_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	logfile_vappend_host(HPVM_CMDLOG, 0644, fmt, ap);
	va_end(ap);
}
