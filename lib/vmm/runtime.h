/* runtime.h: a running guest's state under /var/run/hpvm/<uuid>/: is it running, and how. */
#ifndef HPVM_RUNTIME_H
#define HPVM_RUNTIME_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "base/uuid.h"

struct guest_index;
struct hpvm_err;

/* Runtime state and sockets: root and the hpvmsys group, nobody else. */
#define RUNTIME_DIR_MODE	0750

enum rt_file { RT_DIR, RT_LOCK, RT_STATE, RT_QMP_APP, RT_QMP, RT_CONSOLE, RT_QMP_MON };

struct runtime_info {
	int	running;
	char	state[32];		/* "On (OS)", "Paused", ... */
	pid_t	app_pid, qemu_pid;
	time_t	started;
};

int		 runtime_path(const char *uuid, enum rt_file f, char *buf, size_t len,
		    struct hpvm_err *e);
int		 runtime_console_log_path(const char *uuid, char *buf, size_t len, struct hpvm_err *e);
int		 runtime_query(const char *uuid, struct runtime_info *ri);
void		 runtime_off(struct runtime_info *ri);
int		 runtime_dirs(char (**uuids)[UUID_STR_LEN + 1], size_t *n);
int		 runtime_is_running(const char *uuid);
int		 runtime_state_write(const char *uuid, const struct runtime_info *ri,
		    struct hpvm_err *e);
void		 runtime_reap_stale(const char *uuid);
int		 runtime_lock_exclusive(struct hpvm_err *e);
int		 runtime_lock_scan(struct guest_index *ix, const char *skip, struct hpvm_err *e);
void		 runtime_unlock(int lk);
int		 runtime_claim(const char *uuid, struct hpvm_err *e);
void		 runtime_release(const char *uuid, int claim);
const char	*runtime_state_name(const char *qemu_status);

#endif
