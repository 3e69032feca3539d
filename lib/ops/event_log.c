/* event_log.c: read hpvm_mon_log, or a guest's log by its name, for hpvmstatus -e. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "base/uuid.h"
#include "ops/event_log.h"
#include "store/guest_store.h"

/*
 * The host's event log (`guest` NULL) or the guest's, whole; a log not written yet is empty.
 * The caller frees `*text`.
 */
int
event_log_read(const char *guest, char **text, size_t *len, struct hpvm_err *e)
{
	char uuid[UUID_STR_LEN + 1], path[HPVM_PATH_LEN];

	if (guest == NULL) {
		if (path_build(path, sizeof(path), e, "%s", HPVM_MONLOG) == -1)
			return -1;
	} else if (guest_store_lookup(guest, uuid, sizeof(uuid), e) == -1 ||
	    path_build(path, sizeof(path), e, HPVM_UUIDS "/%s/log", uuid) == -1)
		return -1;
	if (file_read_all(path, text, len, NULL) == 0)
		return 0;
	if (errno != ENOENT)
		return hpvm_fail(e, errno, "Unable to read %s: %s", path_unrooted(path), strerror(errno));
	*len = 0;
	return (*text = strdup("")) == NULL ? hpvm_fail(e, ENOMEM, "Out of memory.") : 0;
}
