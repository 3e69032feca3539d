/* qemu_user.c: who QEMU runs as: never root; with the kvm group where the host has one, and nothing more. */
#include <stddef.h>

#include "base/conf.h"
#include "base/user.h"
#include "vmm/qemu_user.h"

int
qemu_user_lookup(struct user_id *u, struct hpvm_err *e)
{
	struct hpvm_conf conf;

	conf_load(&conf, NULL);
	if (user_lookup(u, conf_get(&conf, "HPVM_QEMU_USER", QEMU_USER_DEFAULT), "runs QEMU", e) == -1)
		return -1;
	/* KVM's device is usually root:kvm 0660. */
	return user_add_group(u, "kvm");
}
