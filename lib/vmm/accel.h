/* accel.h: choose QEMU's accelerator from HPVM_ACCEL (auto|kvm|tcg). */
#ifndef HPVM_ACCEL_H
#define HPVM_ACCEL_H

#include <stddef.h>

struct hpvm_err;

int		 accel_kvm_usable(void);
const char	*accel_choose(const char *want, struct hpvm_err *e);
const char	*accel_explain(const char *want, char *why, size_t len);

#endif
