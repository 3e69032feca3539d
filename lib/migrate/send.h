/* send.h: an offline migration's data: the disks the target does not share, copied and digested. */
#ifndef HPVM_SEND_H
#define HPVM_SEND_H

struct hpvm_err;
struct outgoing;

int	send_move(struct outgoing *s, struct hpvm_err *e);

#endif
