/*
 * pieces.c: a file's bytes as pieces to write in order with writev, each where it already is:
 * a large file rewritten for one changed line is mostly its old bytes, not a copy of them.
 */
#include <sys/uio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/pieces.h"

/* Another piece; the last one grows instead when this one starts where it ends. */
int
pieces_add(struct pieces *pc, const void *p, size_t len)
{
	struct iovec *iov, *last = pc->n > 0 ? &pc->iov[pc->n - 1] : NULL;
	size_t cap;

	if (len == 0)
		return 0;
	if (last != NULL && (const char *)last->iov_base + last->iov_len == (const char *)p) {
		last->iov_len += len;
		return 0;
	}
	if (pc->n == pc->cap) {
		cap = pc->cap ? pc->cap * 2 : 16;
		if ((iov = realloc(pc->iov, cap * sizeof(*iov))) == NULL)
			return -1;
		pc->iov = iov;
		pc->cap = cap;
	}
	pc->iov[pc->n].iov_base = (void *)(uintptr_t)p;
	pc->iov[pc->n++].iov_len = len;
	return 0;
}

/* All of them in one NUL-terminated buffer (free *out). */
int
pieces_join(const struct pieces *pc, char **out, size_t *len)
{
	size_t i, total = 0;
	char *p;

	for (i = 0; i < pc->n; i++)
		total += pc->iov[i].iov_len;
	if ((*out = p = malloc(total + 1)) == NULL)
		return -1;
	for (i = 0; i < pc->n; i++)
		p = (char *)memcpy(p, pc->iov[i].iov_base, pc->iov[i].iov_len) + pc->iov[i].iov_len;
	*p = '\0';
	*len = total;
	return 0;
}

void
pieces_free(struct pieces *pc)
{
	free(pc->iov);
	memset(pc, 0, sizeof(*pc));
}
