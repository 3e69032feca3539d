/* guest_remove.h: delete a guest's configuration and give back its devices. */
#ifndef HPVM_GUEST_REMOVE_H
#define HPVM_GUEST_REMOVE_H

struct hpvm_err;

int	guest_remove(const char *name, struct hpvm_err *e);

#endif
