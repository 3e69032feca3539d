/* live.h: an online migration's data: disks mirrored over NBD, then the memory, the guest running throughout. */
#ifndef HPVM_LIVE_H
#define HPVM_LIVE_H

struct hpvm_err;
struct source;

int	live_move(struct source *s, struct hpvm_err *e);

#endif
