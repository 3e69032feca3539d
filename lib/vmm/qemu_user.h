/* qemu_user.h: the unprivileged account QEMU runs as (HPVM_QEMU_USER in hpvmconf, default hpvmqemu). */
#ifndef HPVM_QEMU_USER_H
#define HPVM_QEMU_USER_H

#include <sys/types.h>

struct hpvm_err;

#define QEMU_USER_DEFAULT	"hpvmqemu"
#define QEMU_USER_GROUPS	4

struct qemu_user {
	char	name[33];
	int	drop;			/* 0 when we are not root: QEMU is already unprivileged */
	uid_t	uid;
	gid_t	gid;
	gid_t	groups[QEMU_USER_GROUPS];
	int	ngroups;
};

int	qemu_user_lookup(struct qemu_user *u, struct hpvm_err *e);
int	qemu_user_become(const struct qemu_user *u);

#endif
