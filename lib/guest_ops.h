/* guest_ops.h: whole transactions on guests: define, update, remove, each under the locks and all-or-nothing. */
#ifndef HPVM_GUEST_OPS_H
#define HPVM_GUEST_OPS_H

struct guest;
struct hpvm_err;

/* Called after validation succeeded and before anything is written; may fail and stop the transaction. */
typedef int (*guest_hook)(struct guest *, void *, struct hpvm_err *);
/* Edits a loaded guest (apply options, devices, a new name). */
typedef int (*guest_editor)(struct guest *, void *, struct hpvm_err *);

int	guest_define(struct guest *, int, guest_hook, void *, struct hpvm_err *);
int	guest_update(const char *, guest_editor, void *, int, struct hpvm_err *);
int	guest_remove(const char *, struct hpvm_err *);

#endif
