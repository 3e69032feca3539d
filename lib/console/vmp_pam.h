/* vmp_pam.h: PAM service "hpvm" for console sessions of ordinary users: account and session for each, authentication before admin power and media commands. */
#ifndef HPVM_VMP_PAM_H
#define HPVM_VMP_PAM_H

struct hpvm_err;
struct vmp_proto_talk;

#define VMP_PAM_SERVICE	"hpvm"

struct vmp_pam {
	void				*h;		/* pam_handle_t */
	int				 session;	/* a session is open */
	int				 last;		/* the last PAM status, for pam_end */
	const struct vmp_proto_talk	*talk;
};

int	vmp_pam_open(struct vmp_pam *p, const char *confdir, const char *user, const char *tty,
	    const struct vmp_proto_talk *talk, struct hpvm_err *e);
int	vmp_pam_authenticate(struct vmp_pam *p, struct hpvm_err *e);
void	vmp_pam_close(struct vmp_pam *p);

#endif
