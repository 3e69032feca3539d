/* qemu_user.h: the unprivileged account QEMU runs as (HPVM_QEMU_USER in hpvmconf, default hpvmqemu). */
#ifndef HPVM_QEMU_USER_H
#define HPVM_QEMU_USER_H

#include "base/user.h"

struct hpvm_err;

#define QEMU_USER_DEFAULT	"hpvmqemu"

int	qemu_user_lookup(struct user_id *u, struct hpvm_err *e);

#endif
