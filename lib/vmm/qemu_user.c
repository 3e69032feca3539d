/* qemu_user.c: who QEMU runs as: never root; with the kvm group where the host has one, and nothing more. */
#include <sys/types.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/hpvm_err.h"
#include "vmm/qemu_user.h"

int
qemu_user_lookup(struct qemu_user *u, struct hpvm_err *e)
{
	struct hpvm_conf conf;
	struct passwd *pw;
	struct group *gr;

	memset(u, 0, sizeof(*u));
	if (geteuid() != 0)
		return 0;		/* a private tree run by a user: QEMU runs as that user */
	conf_load(&conf, NULL);
	snprintf(u->name, sizeof(u->name), "%s", conf_get(&conf, "HPVM_QEMU_USER", QEMU_USER_DEFAULT));
	if ((pw = getpwnam(u->name)) == NULL)
		return hpvm_fail(e, ENOENT, "The user '%s' that runs QEMU does not exist; the installer "
		    "creates it (useradd --system --no-create-home %s).", u->name, u->name);
	if (pw->pw_uid == 0 || pw->pw_gid == 0)
		return hpvm_fail(e, EPERM, "The user '%s' that runs QEMU must not be root or in the "
		    "root group.", u->name);
	u->drop = 1;
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	u->groups[u->ngroups++] = pw->pw_gid;
	/* KVM's device is usually root:kvm 0660. */
	if ((gr = getgrnam("kvm")) != NULL && gr->gr_gid != 0)
		u->groups[u->ngroups++] = gr->gr_gid;
	return 0;
}

/* In the child about to exec QEMU: give up root for good; -1 if any step fails. */
int
qemu_user_become(const struct qemu_user *u)
{
	if (!u->drop)
		return 0;
	if (setgroups((size_t)u->ngroups, u->groups) == -1 || setresgid(u->gid, u->gid, u->gid) == -1 ||
	    setresuid(u->uid, u->uid, u->uid) == -1)
		return -1;
	/* Proof, not hope: root must be out of reach now. */
	if (setuid(0) != -1 || geteuid() == 0)
		return -1;
	return 0;
}
