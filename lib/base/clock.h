/* clock.h: the monotonic clock in milliseconds, for deadlines and durations. */
#ifndef HPVM_CLOCK_H
#define HPVM_CLOCK_H

long	clock_ms(void);

#endif
