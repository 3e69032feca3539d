/* privs.h: the hpvmsys group, and what a program carrying it for an ordinary user gives up. */
#ifndef HPVM_PRIVS_H
#define HPVM_PRIVS_H

#include <sys/types.h>

struct hpvm_err;

/* HP's group: console and runtime sockets and state belong to root and this group only. */
#define PRIVS_GROUP	"hpvmsys"

int	privs_caller_is_root(void);
gid_t	privs_group_gid(void);
int	privs_sanitize(void);
int	privs_drop_group(struct hpvm_err *e);

#endif
