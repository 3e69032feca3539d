/* progress.c: a migration's progress on stderr when it is a terminal: percent, MB/s, what remains, the dirty rate. */
#include <stdio.h>

#include "base/clock.h"
#include "migrate/progress.h"

void
progress_start(struct progress *p, int on)
{
	p->on = on;
	p->started_ms = p->last_ms = clock_ms();
	p->drawn = 0;
}

/* At most four times a second; `dirty_mb_s` < 0 when it does not apply (a disk copy). */
void
progress_draw(struct progress *p, const char *what, long long done, long long total,
    double rate_mb, long long dirty_mb_s)
{
	long now = clock_ms();
	int pct = total > 0 ? (int)(done * 100 / total) : 0;
	char dirty[48] = "";

	if (!p->on || (p->drawn && now - p->last_ms < 250))
		return;
	p->last_ms = now;
	if (dirty_mb_s >= 0)
		snprintf(dirty, sizeof(dirty), "  dirty %lld MB/s", dirty_mb_s);
	fprintf(stderr, "\r%-12.12s %3d%%  %8.1f MB/s  remaining %lld MB%s\033[K", what,
	    pct > 100 ? 100 : pct, rate_mb, (total - done) / 1000000 > 0 ? (total - done) / 1000000 : 0,
	    dirty);
	p->drawn = 1;
}

void
progress_end(struct progress *p)
{
	if (p->on && p->drawn)
		fprintf(stderr, "\r\033[K");
	p->drawn = 0;
}
