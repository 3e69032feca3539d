/* guest_log.c: the guest's own history, one line per event, in /var/opt/hpvm/uuids/<uuid>/log. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/logfile.h"
#include "base/path.h"
#include "vmm/guest_log.h"

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
 * The vMP's rec -rotate: the log so far keeps its name with the time appended, as HP does, and
 * the next line starts a new one. The old log's new name in `old`.
 */
int
guest_log_rotate(const char *uuid, char *old, size_t len, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int i;

	if (guest_log_path(uuid, path, sizeof(path), e) == -1)
		return -1;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	for (i = 0; i < 100; i++) {
		if ((i == 0 ? snprintf(old, len, "%s.%s", path, stamp) :
		    snprintf(old, len, "%s.%s-%d", path, stamp, i)) >= (int)len)
			return hpvm_fail(e, ENAMETOOLONG, "HPVM_ROOT is too long.");
		if (access(old, F_OK) == -1)
			break;
	}
	if (rename(path, old) == -1)
		return hpvm_fail(e, errno, "Unable to rotate %s: %s", path_unrooted(path), strerror(errno));
	guest_log(uuid, "guest log rotated; the previous one is %s", path_unrooted(old));
	return 0;
}
