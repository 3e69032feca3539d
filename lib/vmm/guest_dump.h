/* guest_dump.h: the vMP's tc: the guest's memory saved in its directory, then a reset. */
#ifndef HPVM_GUEST_DUMP_H
#define HPVM_GUEST_DUMP_H

#include <stddef.h>

struct hpvm_err;

/* Dumps live in /var/opt/hpvm/uuids/<uuid>/dumps/ as vmcore.<YYYYmmdd-HHMMSS>.elf[.gz]. */
#define GUEST_DUMP_DIR		"dumps"
#define GUEST_DUMP_PREFIX	"vmcore."
/* How many dumps a guest keeps (hpvmconf HPVM_DUMPS_KEPT); the oldest go first. */
#define GUEST_DUMPS_KEPT_DEFAULT	3

int	guest_dump_reset(const char *name, char *path, size_t len, struct hpvm_err *e);
int	guest_dump_prune(const char *uuid, int keep);

#endif
