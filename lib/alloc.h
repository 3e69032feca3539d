/* alloc.h: choose PCI addresses and MACs that the user left out. */
#ifndef HPVM_ALLOC_H
#define HPVM_ALLOC_H

struct guest;
struct guest_index;
struct hpvm_err;

int	alloc_addresses(struct guest *, struct hpvm_err *);
int	alloc_macs(struct guest *, const struct guest_index *, struct hpvm_err *);
int	slot_reserved(int, int);

#endif
