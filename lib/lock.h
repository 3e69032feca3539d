/* lock.h: flock-based locks: one global lock (names, device database, vswitches), then per guest. */
#ifndef HPVM_LOCK_H
#define HPVM_LOCK_H

struct hpvm_err;

enum lock_mode { LOCK_SHARED_MODE, LOCK_EXCL_MODE };

int	lock_global(enum lock_mode, struct hpvm_err *);
int	lock_guest(const char *, enum lock_mode, struct hpvm_err *);
void	lock_release(int);

#endif
