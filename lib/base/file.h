/* file.h: crash-safe file replacement, whole-file reads, copies and links. */
#ifndef HPVM_FILE_H
#define HPVM_FILE_H

#include <sys/types.h>
#include <stddef.h>

struct hpvm_err;

int	file_write_atomic(const char *path, const char *buf, size_t len, mode_t mode,
	    struct hpvm_err *e);
int	file_read_all(const char *path, char **out, size_t *outlen, struct hpvm_err *e);
int	file_symlink_atomic(const char *target, const char *link, struct hpvm_err *e);
int	file_copy(const char *src, const char *dst, struct hpvm_err *e);

#endif
