/* user.h: the unprivileged accounts hpvm's processes become: looked up by name, never root, entered for good. */
#ifndef HPVM_USER_H
#define HPVM_USER_H

#include <sys/types.h>

struct hpvm_err;

#define USER_GROUPS	4

struct user_id {
	char	name[33];
	int	drop;			/* 0 when we are not root: we are unprivileged already */
	uid_t	uid;
	gid_t	gid;
	gid_t	groups[USER_GROUPS];
	int	ngroups;
};

int	user_lookup(struct user_id *u, const char *name, const char *role, struct hpvm_err *e);
int	user_add_group(struct user_id *u, const char *group);
int	user_become(const struct user_id *u);

#endif
