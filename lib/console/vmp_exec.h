/* vmp_exec.h: a vMP command carried out as root for a console session: checked again, done, logged. */
#ifndef HPVM_VMP_EXEC_H
#define HPVM_VMP_EXEC_H

#include <stddef.h>

#include "base/hpvm_err.h"
#include "console/vmp_account.h"
#include "model/guest.h"

struct vmp_cmd;

/* What every vMP session of one person on one guest carries. */
struct vmp_session {
	struct vmp_user	user;
	enum acl_level	level;
	char		guest[GUEST_NAME_MAX + 1];
	char		uuid[UUID_STR_LEN + 1];
	int		logged;		/* each command to command.log and the guest log (else only changes) */
	int		force;		/* co takes the keyboard (hpvmconsole -f) */
};

/* Descriptors a reply hands over, and what each is. */
enum vmp_fd_kind { VMP_FD_CONSOLE_LOG, VMP_FD_GUEST_LOG, VMP_FD_CONSOLE };

#define VMP_REPLY_FDS	2

struct vmp_reply {
	struct hpvm_err		err;
	char			*text;		/* output for the person (malloc'd), or NULL */
	size_t			 len;
	int			 fd[VMP_REPLY_FDS];
	enum vmp_fd_kind	 kind[VMP_REPLY_FDS];
	int			 nfd;
};

void	vmp_exec_reply_init(struct vmp_reply *r);
void	vmp_exec_reply_free(struct vmp_reply *r);
int	vmp_exec_reply_add_fd(struct vmp_reply *r, int fd, enum vmp_fd_kind kind);
int	vmp_exec_command(struct vmp_session *s, const struct vmp_cmd *c, struct vmp_reply *r);
void	vmp_exec_log(const struct vmp_session *s, const char *what, int status);

#endif
