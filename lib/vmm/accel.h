/* accel.h: choose QEMU's accelerator from HPVM_ACCEL (auto|kvm|tcg). */
#ifndef HPVM_ACCEL_H
#define HPVM_ACCEL_H

struct hpvm_err;

int		 accel_kvm_usable(void);
const char	*accel_choose(const char *want, struct hpvm_err *e);

#endif
