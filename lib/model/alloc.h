/* alloc.h: choose PCI addresses and MACs that the user left out. */
#ifndef HPVM_ALLOC_H
#define HPVM_ALLOC_H

struct guest;
struct guest_index;
struct hpvm_err;
struct probe;

int	alloc_addresses(struct guest *g, struct hpvm_err *e);
int	alloc_macs(struct guest *g, const struct guest_index *ix, const struct probe *p,
	    struct hpvm_err *e);
int	alloc_slot_reserved(int bus, int dev);

#endif
