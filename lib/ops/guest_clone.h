/* guest_clone.h: define a guest from an existing one: new UUID, VM number and MACs, optionally copies of its disks. */
#ifndef HPVM_GUEST_CLONE_H
#define HPVM_GUEST_CLONE_H

#include <stddef.h>

#include "ops/guest_define.h"

struct file_progress;
struct guest_change;
struct hpvm_err;

/* hpvmclone -b: copy the file-backed disks, or share the source's storage. */
enum clone_storage { CLONE_SHARE_STORAGE, CLONE_COPY_STORAGE };

int	guest_clone(const char *src, const struct guest_change *c, enum clone_storage storage,
	    enum define_mode mode, const struct file_progress *progress, size_t *copied,
	    struct hpvm_err *e);

#endif
