/* hostrdev.h: find the storage the host itself uses and restrict it (hpvmhostrdev). */
#ifndef HPVM_HOSTRDEV_H
#define HPVM_HOSTRDEV_H

struct hpvm_err;

enum hostrdev_at_boot { HOSTRDEV_AT_BOOT_OFF, HOSTRDEV_AT_BOOT_ON };

int	hostrdev_run(struct hpvm_err *e);
int	hostrdev_remove(struct hpvm_err *e);
int	hostrdev_restore(struct hpvm_err *e);
int	hostrdev_enable(enum hostrdev_at_boot on, struct hpvm_err *e);
int	hostrdev_enabled(void);

#endif
