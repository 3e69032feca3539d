/* par.h: work over many items shared between the host's processors, in place or in order. */
#ifndef HPVM_PAR_H
#define HPVM_PAR_H

#include <stddef.h>
#include <stdio.h>

/* Items [from, to): whatever they produce goes where `arg` says. */
typedef void	(*par_range_fn)(size_t from, size_t to, void *arg);
/* Items [from, to), their text to `out`: 0, or -1 to stop. */
typedef int	(*par_block_fn)(size_t from, size_t to, FILE *out, void *arg);

void	par_split(size_t n, size_t min_each, par_range_fn fn, void *arg);
int	par_ordered(size_t n, size_t block, par_block_fn fn, void *arg, FILE *out);

#endif
