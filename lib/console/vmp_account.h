/* vmp_account.h: who is at the console: the caller's account and groups, their access to a guest, and the guest their account is for. */
#ifndef HPVM_VMP_ACCOUNT_H
#define HPVM_VMP_ACCOUNT_H

#include <sys/types.h>
#include <stddef.h>

#include "base/name.h"
#include "model/guest.h"

struct hpvm_err;

#define VMP_GROUPS_MAX	64

struct vmp_user {
	uid_t	uid;
	char	name[ACL_NAME_MAX + 1];
	char	home[256];
	char	groups[VMP_GROUPS_MAX][ACL_NAME_MAX + 1];
	int	ngroups;
};

/* A guest someone may use, for the list an account authorized for several is offered. */
struct vmp_choice {
	char		name[GUEST_NAME_MAX + 1];
	enum acl_level	level;
};

int		 vmp_account_lookup(uid_t uid, struct vmp_user *u, struct hpvm_err *e);
int		 vmp_account_level(const struct vmp_user *u, const struct guest *g,
		    enum acl_level *level);
int		 vmp_account_access(const struct vmp_user *u, const char *guest,
		    enum acl_level *level, char *uuid, size_t len, struct hpvm_err *e);
int		 vmp_account_home_guest(const char *home, char *name, size_t len);
int		 vmp_account_guests(const struct vmp_user *u, struct vmp_choice **list, size_t *n,
		    struct hpvm_err *e);
const char	*vmp_account_level_name(enum acl_level level);

#endif
