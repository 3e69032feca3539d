/* fsutil.h: crash-safe file replacement and small file-system helpers. */
#ifndef HPVM_FSUTIL_H
#define HPVM_FSUTIL_H

#include <sys/types.h>
#include <stddef.h>

struct hpvm_err;

int	file_write_atomic(const char *, const char *, size_t, mode_t, struct hpvm_err *);
int	file_read_all(const char *, char **, size_t *, struct hpvm_err *);
int	dir_make(const char *, mode_t, struct hpvm_err *);
int	dir_sync(const char *);
int	dir_remove_flat(const char *, struct hpvm_err *);
int	symlink_atomic(const char *, const char *, struct hpvm_err *);
int	file_copy_sparse(const char *, const char *, struct hpvm_err *);

#endif
