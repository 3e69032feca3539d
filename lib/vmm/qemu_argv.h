/* qemu_argv.h: the QEMU argument vector for a guest on a described host. */
#ifndef HPVM_QEMU_ARGV_H
#define HPVM_QEMU_ARGV_H

#include <stddef.h>

struct guest;
struct hpvm_err;
struct qemu_host;

struct qemu_argv {
	char	**v;
	size_t	  n, cap;
};

int	qemu_argv_add(struct qemu_argv *av, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	qemu_argv_free(struct qemu_argv *av);
int	qemu_argv_build(const struct guest *g, const struct qemu_host *h, struct qemu_argv *av,
	    struct hpvm_err *e);

#endif
