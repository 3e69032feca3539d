/* collect.h: hpvmcollect's work: everything support needs in one archive, with a MANIFEST of SHA-256 sums. */
#ifndef HPVM_COLLECT_H
#define HPVM_COLLECT_H

#include <stddef.h>

struct hpvm_err;

/* What is kept of each log and of the kernel's messages: its last bytes. */
#define COLLECT_LOG_MAX		(1024 * 1024)
#define COLLECT_ROTATED_MAX	5		/* rotated logs of each kind, newest first */

struct collect_opts {
	const char	*guest;		/* -P: also this running guest's QMP state, or NULL */
	const char	*dir;		/* where the archive goes */
	long		 log_max;	/* bytes kept of each log */
	/* After each step: what it was, how many are done, of how many. May be NULL. */
	void		(*progress)(const char *step, int done, int total, void *arg);
	void		*arg;
};

int	collect_run(const struct collect_opts *o, char *archive, size_t len, struct hpvm_err *e);

#endif
