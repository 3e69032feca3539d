/* hostrdev.h: find the storage the host itself uses and restrict it (hpvmhostrdev). */
#ifndef HPVM_HOSTRDEV_H
#define HPVM_HOSTRDEV_H

struct hpvm_err;

int	hostrdev_run(struct hpvm_err *);
int	hostrdev_remove(struct hpvm_err *);
int	hostrdev_restore(struct hpvm_err *);
int	hostrdev_enable(int, struct hpvm_err *);
int	hostrdev_enabled(void);

#endif
