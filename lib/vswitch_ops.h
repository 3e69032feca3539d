/* vswitch_ops.h: vswitch transactions for hpvmnet and host start. */
#ifndef HPVM_VSWITCH_OPS_H
#define HPVM_VSWITCH_OPS_H

struct hpvm_err;

int	vswitch_create(const char *, const char *, const char *, struct hpvm_err *);
int	vswitch_delete(const char *, int, struct hpvm_err *);
int	vswitch_set_state(const char *, int, struct hpvm_err *);
int	vswitch_port_vlan(const char *, const char *, struct hpvm_err *);
int	vswitch_boot_all(struct hpvm_err *);

#endif
