/* privsep.h: how the process that faces the network gives up root: its own user, an empty root, a syscall filter. */
#ifndef HPVM_PRIVSEP_H
#define HPVM_PRIVSEP_H

#include "base/path.h"
#include "base/user.h"

struct hpvm_err;

#define PRIVSEP_USER_DEFAULT	"hpvmmig"
#define PRIVSEP_EMPTY		HPVM_VAR "/empty"

/* Looked up while still root (the account database and the directory are out of reach later). */
struct privsep {
	struct user_id	user;
	char		empty[HPVM_PATH_LEN];
	int		chroot;
};

int	privsep_prepare(struct privsep *p, struct hpvm_err *e);
int	privsep_enter(const struct privsep *p, struct hpvm_err *e);

#endif
