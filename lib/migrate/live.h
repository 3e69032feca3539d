/* live.h: an online migration's data: disks mirrored over NBD, then the memory, the guest running throughout. */
#ifndef HPVM_LIVE_H
#define HPVM_LIVE_H

struct hpvm_err;
struct outgoing;

int	live_move(struct outgoing *s, struct hpvm_err *e);

#endif
