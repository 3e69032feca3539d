/* pieces.h: a file's bytes as pieces to write in order, each where it already is (see pieces.c). */
#ifndef HPVM_PIECES_H
#define HPVM_PIECES_H

#include <stddef.h>

struct iovec;

struct pieces {
	struct iovec	*iov;
	size_t		 n, cap;
};

int	pieces_add(struct pieces *pc, const void *p, size_t len);
int	pieces_join(const struct pieces *pc, char **out, size_t *len);
void	pieces_free(struct pieces *pc);

#endif
