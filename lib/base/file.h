/* file.h: crash-safe file replacement, whole-file reads, copies and links, and the temporary names they use. */
#ifndef HPVM_FILE_H
#define HPVM_FILE_H

#include <sys/types.h>
#include <stddef.h>

struct hpvm_err;
struct iovec;

/* Temporary files are ".<name>" FILE_TEMP_MARK "<suffix>" beside the file they replace. */
#define FILE_TEMP_MARK	".tmp."

/* How far a copy has come: report(done, total, arg) after each chunk. */
struct file_progress {
	void	(*report)(off_t done, off_t total, void *arg);
	void	*arg;
	off_t	 total;
};

int	file_write_atomic(const char *path, const char *buf, size_t len, mode_t mode,
	    struct hpvm_err *e);
int	file_write_atomic_iov(const char *path, struct iovec *iov, size_t niov, mode_t mode,
	    struct hpvm_err *e);
int	file_write_fd(int fd, const char *buf, size_t len);
int	file_write_cache(const char *path, const char *buf, size_t len, mode_t mode,
	    struct hpvm_err *e);
int	file_write_cache_iov(const char *path, struct iovec *iov, size_t niov, mode_t mode,
	    struct hpvm_err *e);
int	file_read_all(const char *path, char **out, size_t *outlen, struct hpvm_err *e);
int	file_symlink_atomic(const char *target, const char *link, struct hpvm_err *e);
int	file_copy(const char *src, const char *dst, const struct file_progress *p, struct hpvm_err *e);
int	file_temp_name(const char *path, const char *suffix, char *buf, size_t len);
int	file_is_temp(const char *name);

#endif
