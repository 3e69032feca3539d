/* lock.h: flock-based locks: one global lock (names, device database, vswitches), then per guest. */
#ifndef HPVM_LOCK_H
#define HPVM_LOCK_H

struct hpvm_err;

enum lock_mode { LOCK_SHARED_MODE, LOCK_EXCL_MODE };

int	lock_global(enum lock_mode mode, struct hpvm_err *e);
int	lock_guest(const char *uuid, enum lock_mode mode, struct hpvm_err *e);
void	lock_release(int fd);
int	lock_marked(int fd);
void	lock_mark(int fd);
void	lock_release_marked(int fd);

#endif
