/*
 * file_map.c: a whole file mapped read-only. Reading a large file into fresh memory costs a
 * page fault a page, which on a virtualised host is most of what a command among thousands of
 * guests spends; a mapping shares the page cache's pages instead. Only for files that are
 * replaced by rename, never rewritten in place, so the mapping never shrinks under a reader.
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "base/file_map.h"
#include "base/hpvm_err.h"

/* ENOENT is left in e->code for callers that expect absence. */
int
file_map(const char *path, struct file_map *m, struct hpvm_err *e)
{
	struct stat st;
	void *p;
	int fd, saved;

	m->text = NULL;
	m->len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return hpvm_fail(e, errno, "Unable to open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) == -1) {
		saved = errno;
		close(fd);
		return hpvm_fail(e, saved, "Unable to read %s: %s", path, strerror(saved));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return hpvm_fail(e, EINVAL, "%s is not a file.", path);
	}
	if (st.st_size == 0) {
		close(fd);
		return 0;
	}
	/* Populated at once: one call instead of a fault for each run of pages. */
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	saved = errno;
	close(fd);
	if (p == MAP_FAILED)
		return hpvm_fail(e, saved, "Unable to read %s: %s", path, strerror(saved));
	m->text = p;
	m->len = (size_t)st.st_size;
	return 0;
}

void
file_unmap(struct file_map *m)
{
	if (m->text != NULL)
		munmap((void *)(uintptr_t)m->text, m->len);
	m->text = NULL;
	m->len = 0;
}
