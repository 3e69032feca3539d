/* guest_scan.h: build the guest index from the configurations on disk. */
#ifndef HPVM_GUEST_SCAN_H
#define HPVM_GUEST_SCAN_H

#include "store/guest_store.h"

struct guest_index;
struct hpvm_err;

int	guest_scan(struct guest_index *ix, const char *skip, enum guest_list_mode mode,
	    struct hpvm_err *e);

#endif
