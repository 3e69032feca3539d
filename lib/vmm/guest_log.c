/* guest_log.c: the guest's own history, one line per event, in /var/opt/hpvm/uuids/<uuid>/log. */
#include <stdarg.h>

#include "base/logfile.h"
#include "base/path.h"
#include "vmm/guest_log.h"

void
guest_log(const char *uuid, const char *fmt, ...)
{
	char path[HPVM_PATH_LEN];
	va_list ap;

	if (path_build(path, sizeof(path), NULL, HPVM_UUIDS "/%s/log", uuid) == -1)
		return;
	/* Root and the hpvm group read it; others have no business with a guest's history. */
	va_start(ap, fmt);
	logfile_vappend(path, 0640, fmt, ap);
	va_end(ap);
}
