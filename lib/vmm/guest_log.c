/* guest_log.c: the guest's own history, one line per event, in /var/opt/hpvm/uuids/<uuid>/log. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/logfile.h"
#include "base/path.h"
#include "vmm/guest_log.h"

/* How much of the log's end guest_log_last_event reads: the latest run's last events are there. */
#define GUEST_LOG_TAIL	8192

int
guest_log_path(const char *uuid, char *buf, size_t len, struct hpvm_err *e)
{
	return path_build(buf, len, e, HPVM_UUIDS "/%s/log", uuid);
}

void
guest_log(const char *uuid, const char *fmt, ...)
{
	char path[HPVM_PATH_LEN];
	va_list ap;

	if (guest_log_path(uuid, path, sizeof(path), NULL) == -1)
		return;
	/* Root and the hpvm group read it; others have no business with a guest's history. */
	va_start(ap, fmt);
	logfile_vappend(path, 0640, fmt, ap);
	va_end(ap);
}

/*
 * Fold the log lines in `text` into the latest event, starting from `prev`. The markers are
 * the lines hpvmapp and hpvmstop write; a QEMU killed after "hpvmapp asked to stop" was
 * stopped on purpose, any other death, a non-zero exit or a reported panic is a crash.
 */
enum guest_log_event
guest_log_classify(const char *text, enum guest_log_event prev)
{
	enum guest_log_event ev = prev;
	int asked = 0, panicked = prev == GUEST_EVENT_CRASHED;
	const char *line, *nl;

	for (line = text; *line != '\0'; line = nl + 1) {
		size_t len = (nl = strchr(line, '\n')) != NULL ? (size_t)(nl - line) : strlen(line);
		char l[512];
		snprintf(l, sizeof(l), "%.*s", (int)(len < sizeof(l) ? len : sizeof(l) - 1), line);
		if (strstr(l, "' started: QEMU pid ") != NULL) {
			ev = GUEST_EVENT_STARTED;
			asked = panicked = 0;
		} else if (strstr(l, "ACPI power button pressed") != NULL ||
		    strstr(l, "graceful stop requested") != NULL)
			ev = GUEST_EVENT_SHUTTING_DOWN;
		else if (strstr(l, "hpvmapp asked to stop") != NULL || strstr(l, "hard stop (") != NULL)
			asked = 1;
		else if (strstr(l, "guest crashed") != NULL) {
			ev = GUEST_EVENT_CRASHED;
			panicked = 1;
		} else if (strstr(l, ") killed by signal ") != NULL && strncmp(l + 20, "QEMU (pid", 9) == 0)
			ev = asked && !panicked ? GUEST_EVENT_STOPPED : GUEST_EVENT_CRASHED;
		else if (strstr(l, ") exited with status ") != NULL && strncmp(l + 20, "QEMU (pid", 9) == 0)
			ev = strstr(l, "exited with status 0") != NULL && !panicked ?
			    GUEST_EVENT_STOPPED : GUEST_EVENT_CRASHED;
		if (nl == NULL)
			break;
	}
	return ev;
}

enum guest_log_event
guest_log_last_event(const char *uuid)
{
	char path[HPVM_PATH_LEN], buf[GUEST_LOG_TAIL + 1], *start;
	struct stat st;
	ssize_t n;
	int fd;

	if (guest_log_path(uuid, path, sizeof(path), NULL) == -1 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return GUEST_EVENT_NONE;
	if (fstat(fd, &st) == -1 ||
	    (n = pread(fd, buf, GUEST_LOG_TAIL, st.st_size > GUEST_LOG_TAIL ? st.st_size - GUEST_LOG_TAIL : 0)) < 0)
		n = 0;
	close(fd);
	buf[n] = '\0';
	/* A tail may begin mid-line: from the first whole one. */
	start = st.st_size > GUEST_LOG_TAIL && (start = strchr(buf, '\n')) != NULL ? start + 1 : buf;
	return guest_log_classify(start, GUEST_EVENT_NONE);
}

/*
 * The vMP's rec -rotate: the log so far keeps its name with the time appended, as HP does and
 * as rotation past VMMLOGSIZE names it, and the next line starts a new one. The old log's new
 * name in `old`.
 */
int
guest_log_rotate(const char *uuid, char *old, size_t len, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN];

	if (guest_log_path(uuid, path, sizeof(path), e) == -1)
		return -1;
	if (logfile_rotate(path, old, len) == -1)
		return hpvm_fail(e, errno, "Unable to rotate %s: %s", path_unrooted(path), strerror(errno));
	guest_log(uuid, "guest log rotated; the previous one is %s", path_unrooted(old));
	return 0;
}
