/* dir.h: make, sync and remove directories. */
#ifndef HPVM_DIR_H
#define HPVM_DIR_H

#include <sys/types.h>

struct hpvm_err;

int	dir_make(const char *path, mode_t mode, struct hpvm_err *e);
int	dir_sync(const char *path);
int	dir_remove_flat(const char *path, struct hpvm_err *e);

#endif
