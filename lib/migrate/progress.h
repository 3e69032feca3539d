/* progress.h: one line on a terminal that says how far a migration has come. */
#ifndef HPVM_PROGRESS_H
#define HPVM_PROGRESS_H

struct progress {
	int		on;		/* a terminal, and not -q */
	long		started_ms, last_ms;
	int		drawn;
};

void	progress_start(struct progress *p, int on);
void	progress_draw(struct progress *p, const char *what, long long done, long long total,
	    double rate_mb, long long dirty_mb_s);
void	progress_end(struct progress *p);

#endif
