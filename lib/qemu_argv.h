/* qemu_argv.h: the QEMU argument vector for a guest configuration. */
#ifndef HPVM_QEMU_ARGV_H
#define HPVM_QEMU_ARGV_H

#include <stddef.h>

struct device;
struct guest;
struct hpvm_err;

struct argv {
	char	**v;
	size_t	  n, cap;
};

int	argv_add(struct argv *, const char *, ...) __attribute__((format(printf, 2, 3)));
void	argv_free(struct argv *);
int	qemu_argv_build(const struct guest *, const char *, const char *, const char *,
	    struct argv *, struct hpvm_err *);
void	qemu_dev_id(const struct device *, char *, size_t);
void	qemu_hba_id(const struct device *, char *, size_t);
void	qemu_pci_addr(int, int, char *, size_t);
const char *qemu_binary(void);

#endif
