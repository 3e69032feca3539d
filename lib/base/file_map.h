/* file_map.h: a whole file mapped read-only, for large files read on every command. */
#ifndef HPVM_FILE_MAP_H
#define HPVM_FILE_MAP_H

#include <stddef.h>

struct hpvm_err;

/* The bytes are not NUL-terminated; an empty file maps nothing (text NULL, len 0). */
struct file_map {
	const char	*text;
	size_t		 len;
};

int	file_map(const char *path, struct file_map *m, struct hpvm_err *e);
void	file_unmap(struct file_map *m);

#endif
