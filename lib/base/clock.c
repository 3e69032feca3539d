/* clock.c: milliseconds on the monotonic clock: deadlines and durations never jump with the time of day. */
#include <time.h>

#include "base/clock.h"

long
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}
