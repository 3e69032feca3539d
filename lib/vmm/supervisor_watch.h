/* supervisor_watch.h: the watch hpvmapp keeps over a running QEMU: its events, its exit, a stop from outside. */
#ifndef HPVM_SUPERVISOR_WATCH_H
#define HPVM_SUPERVISOR_WATCH_H

#include <sys/types.h>

#include "base/uuid.h"
#include "vmm/qmp.h"
#include "vmm/runtime.h"

struct supervisor_watch {
	char			uuid[UUID_STR_LEN + 1];
	pid_t			qemu;
	struct qmp		qmp;
	struct runtime_info	ri;
};

void	supervisor_watch_state(struct supervisor_watch *w, const char *state);
void	supervisor_watch_event(struct supervisor_watch *w, json_object *msg);
void	supervisor_watch_exited(struct supervisor_watch *w, int status);
void	supervisor_watch_run(struct supervisor_watch *w, int sfd);

#endif
