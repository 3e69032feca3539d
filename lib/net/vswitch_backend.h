/* vswitch_backend.h: the switch itself: a Linux bridge or an Open vSwitch bridge, its uplink and ports. */
#ifndef HPVM_VSWITCH_BACKEND_H
#define HPVM_VSWITCH_BACKEND_H

struct hpvm_err;
struct vswitch;

int	vswitch_backend_is_up(const struct vswitch *vs);
int	vswitch_backend_boot(struct vswitch *vs, struct hpvm_err *e);
int	vswitch_backend_halt(struct vswitch *vs, struct hpvm_err *e);
int	vswitch_backend_attach(const struct vswitch *vs, const char *tap, int port, struct hpvm_err *e);
int	vswitch_backend_set_vlan(struct vswitch *vs, int port, int vlan, struct hpvm_err *e);

#endif
