/* runtime.h: a running guest's state under /var/run/hpvm/<uuid>/, and the guest log. */
#ifndef HPVM_RUNTIME_H
#define HPVM_RUNTIME_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

struct hpvm_err;

enum rt_file { RT_DIR, RT_LOCK, RT_STATE, RT_QMP_APP, RT_QMP, RT_CONSOLE };

struct runtime_info {
	int	running;
	char	state[32];		/* "On (OS)", "Paused", ... */
	pid_t	app_pid, qemu_pid;
	time_t	started;
};

int	runtime_path(const char *, enum rt_file, char *, size_t);
int	console_log_path(const char *, char *, size_t);
int	runtime_query(const char *, struct runtime_info *);
int	runtime_state_write(const char *, const struct runtime_info *, struct hpvm_err *);
void	runtime_reap_stale(const char *);
void	guest_log(const char *, const char *, ...) __attribute__((format(printf, 2, 3)));
const char *runtime_state_name(const char *);

#endif
