/* user.c: look up an unprivileged account (never root, never the root group) and become it with no way back. */
#include <sys/types.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/user.h"

/* `role` says in messages what the account is for ("runs QEMU"). */
int
user_lookup(struct user_id *u, const char *name, const char *role, struct hpvm_err *e)
{
	struct passwd *pw;

	memset(u, 0, sizeof(*u));
	if (geteuid() != 0)
		return 0;		/* a private tree run by a user: everything runs as that user */
	snprintf(u->name, sizeof(u->name), "%s", name);
	if ((pw = getpwnam(u->name)) == NULL)
		return hpvm_fail(e, ENOENT, "The user '%s' that %s does not exist; the installer "
		    "creates it (useradd --system --no-create-home %s).", u->name, role, u->name);
	if (pw->pw_uid == 0 || pw->pw_gid == 0)
		return hpvm_fail(e, EPERM, "The user '%s' that %s must not be root or in the root group.",
		    u->name, role);
	u->drop = 1;
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	u->groups[u->ngroups++] = pw->pw_gid;
	return 0;
}

/* Add a supplementary group if the host has it (and it is not root's); 0 either way. */
int
user_add_group(struct user_id *u, const char *group)
{
	struct group *gr;

	if (u->drop && u->ngroups < USER_GROUPS && (gr = getgrnam(group)) != NULL && gr->gr_gid != 0)
		u->groups[u->ngroups++] = gr->gr_gid;
	return 0;
}

/* Give up root for good; -1 if any step fails. */
int
user_become(const struct user_id *u)
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
