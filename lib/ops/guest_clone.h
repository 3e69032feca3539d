/* guest_clone.h: define a guest from an existing one: new UUID, VM number, MACs and ports; shared or copied storage. */
#ifndef HPVM_GUEST_CLONE_H
#define HPVM_GUEST_CLONE_H

#include <stddef.h>

#include "ops/guest_define.h"

struct file_progress;
struct guest_change;
struct hpvm_err;

/* hpvmclone -b rsrc...: the source's disks to copy, each with its new backing file. */
struct clone_copies {
	const char	**rsrc;
	size_t		  n;
};

int	guest_clone(const char *src, const struct guest_change *c, const struct clone_copies *cp,
	    enum define_mode mode, const struct file_progress *progress, size_t *copied,
	    struct hpvm_err *e);

#endif
