/* guest_run.h: start, stop and reset guests: checks, the supervisor, the monitor. */
#ifndef HPVM_GUEST_RUN_H
#define HPVM_GUEST_RUN_H

struct guest;
struct hpvm_err;

enum stop_mode { STOP_HARD, STOP_GRACEFUL };

#define PROBLEMS_MAX	32

/* What stops a guest from starting, each tied to the item it concerns (HP's "Warning N on item X"). */
struct start_problems {
	int	n;
	char	item[PROBLEMS_MAX][1024];
	char	text[PROBLEMS_MAX][384];
};

int	guest_start(const char *, int, struct start_problems *, struct hpvm_err *);
int	guest_stop(const char *, enum stop_mode, int, struct hpvm_err *);
int	guest_reset(const char *, struct hpvm_err *);
int	guest_is_running(const char *);
int	guest_wait_stopped(const char *, int);

#endif
