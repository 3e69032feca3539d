/*
 * runtime_state.c: the state file hpvmapp keeps in /var/run/hpvm/<uuid>/state while its guest
 * runs ("app-pid qemu-pid started state"), apart from the rest of the runtime so that the lean
 * watcher (hpvmmon) can write it without linking what starts and stops guests.
 */
#include <stdio.h>
#include <string.h>

#include "base/file.h"
#include "base/path.h"
#include "vmm/runtime.h"

int
runtime_state_write(const char *uuid, const struct runtime_info *ri, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], line[128];
	int n;

	if (path_build(path, sizeof(path), e, HPVM_RUN "/%s/state", uuid) == -1)
		return -1;
	n = snprintf(line, sizeof(line), "%ld %ld %ld %s\n", (long)ri->app_pid,
	    (long)ri->qemu_pid, (long)ri->started, ri->state);
	return file_write_atomic(path, line, (size_t)n, 0640, e);
}

/* What hpvmstatus shows for one of QEMU's run states. */
const char *
runtime_state_name(const char *qemu_status)
{
	if (strcmp(qemu_status, "running") == 0)
		return "On (OS)";
	if (strcmp(qemu_status, "paused") == 0 || strcmp(qemu_status, "suspended") == 0)
		return "Paused";
	if (strncmp(qemu_status, "inmigrate", 9) == 0 || strcmp(qemu_status, "postmigrate") == 0 ||
	    strcmp(qemu_status, "finish-migrate") == 0)
		return "Migrating";
	return "On (EFI)";
}
