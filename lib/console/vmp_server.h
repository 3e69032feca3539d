/* vmp_server.h: hpvmconsoled, the root side of every ordinary user's console session. */
#ifndef HPVM_VMP_SERVER_H
#define HPVM_VMP_SERVER_H

struct hpvm_err;

#define VMP_SERVER_SESSIONS	64	/* sessions at once */

struct vmp_server_opts {
	const char	*pam_dir;	/* PAM configuration directory, NULL for the system's */
};

int	vmp_server_listen(struct hpvm_err *e);
int	vmp_server_run(int lfd, const struct vmp_server_opts *o, struct hpvm_err *e);

#endif
