/* supervisor_watch.h: the watch hpvmapp keeps over a running QEMU: its events and output, its console multiplexer, its exit, a stop from outside. */
#ifndef HPVM_SUPERVISOR_WATCH_H
#define HPVM_SUPERVISOR_WATCH_H

#include <sys/types.h>

#include "base/name.h"
#include "base/uuid.h"
#include "vmm/qmp.h"
#include "vmm/runtime.h"

struct supervisor_watch {
	char			uuid[UUID_STR_LEN + 1];
	char			name[GUEST_NAME_MAX + 1];	/* for the host's monitor log */
	pid_t			qemu;
	pid_t			mux;		/* the console multiplexer, or -1 */
	int			out_fd;		/* QEMU's stdout and stderr, for the guest log */
	char			out[4096];	/* a line of it not yet complete */
	size_t			outlen;
	int			migrating;	/* a migration moves the guest */
	int			crashed;	/* the guest reported a panic */
	int			stopping;	/* we were told to kill QEMU */
	int			up;		/* the start was reported done */
	struct qmp		qmp;
	struct runtime_info	ri;
};

void	supervisor_watch_init(struct supervisor_watch *w);
void	supervisor_watch_state(struct supervisor_watch *w, const char *state);
int	supervisor_watch_query(struct supervisor_watch *w, struct hpvm_err *e);
void	supervisor_watch_event(struct supervisor_watch *w, json_object *msg);
void	supervisor_watch_output(struct supervisor_watch *w);
void	supervisor_watch_output_flush(struct supervisor_watch *w);
void	supervisor_watch_exited(struct supervisor_watch *w, int status);
void	supervisor_watch_reap_mux(struct supervisor_watch *w);
void	supervisor_watch_run(struct supervisor_watch *w, int sfd);

#endif
