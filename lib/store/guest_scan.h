/*
 * guest_scan.h: the guest index, /var/opt/hpvm/common/guest_index, kept true to the
 * configurations: read in one piece, each entry checked against its file's stamp, what does
 * not match read again from the configuration, and written back in the same transaction.
 */
#ifndef HPVM_GUEST_SCAN_H
#define HPVM_GUEST_SCAN_H

#include "store/guest_store.h"
#include "store/guest_sweep.h"

struct guest;
struct guest_index;
struct hpvm_err;

/* What a scan that holds the exclusive lock also does. */
enum guest_scan_sweep {
	SCAN_SWEEP_CHANGED,	/* look for debris where something changed */
	SCAN_SWEEP_ALL,		/* everywhere: a command was killed while it changed things */
};

int	guest_scan(struct guest_index *ix, const char *skip, enum guest_list_mode mode,
	    struct hpvm_err *e);
int	guest_scan_repair(struct guest_index *ix, const char *skip, enum guest_scan_sweep sweep,
	    guest_busy_fn busy, struct hpvm_err *e);
int	guest_scan_put(struct guest_index *ix, const struct guest *g, struct hpvm_err *e);
int	guest_scan_save(struct guest_index *ix, struct hpvm_err *e);
int	guest_scan_rebuild(struct hpvm_err *e);
int	guest_scan_each(guest_visitor fn, void *arg, struct hpvm_err *e);
int	guest_scan_name_of(int vmnum, char *name, size_t len, struct hpvm_err *e);

#endif
