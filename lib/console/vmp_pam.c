/*
 * vmp_pam.c: the site's PAM policy governs guest consoles. hpvmconsoled (root) runs PAM for each
 * session of an ordinary user, as that user, through service "hpvm" (/etc/pam.d/hpvm): account
 * management (expiry, time windows, access lists) and a session, opened at the start and closed
 * at the end; and authentication before each admin command that changes the guest's power or
 * media. PAM runs as root, so modules that keep state (lockouts) work; its questions go to the
 * person through hpvmconsole.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <security/pam_appl.h>

#include "base/hpvm_err.h"
#include "console/vmp_pam.h"
#include "console/vmp_proto.h"

static void
free_responses(struct pam_response *r, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (r[i].resp != NULL) {
			explicit_bzero(r[i].resp, strlen(r[i].resp));
			free(r[i].resp);
		}
	free(r);
}

static int
conv(int n, const struct pam_message **msg, struct pam_response **resp, void *appdata)
{
	const struct vmp_proto_talk *t = appdata;
	struct pam_response *r;
	char answer[512];
	int i;

	if (n <= 0 || n > PAM_MAX_NUM_MSG || (r = calloc((size_t)n, sizeof(*r))) == NULL)
		return PAM_CONV_ERR;
	for (i = 0; i < n; i++) {
		switch (msg[i]->msg_style) {
		case PAM_PROMPT_ECHO_OFF:
		case PAM_PROMPT_ECHO_ON:
			if (t->ask(t->arg, msg[i]->msg_style == PAM_PROMPT_ECHO_ON, msg[i]->msg,
			    answer, sizeof(answer)) == -1 || (r[i].resp = strdup(answer)) == NULL) {
				explicit_bzero(answer, sizeof(answer));
				free_responses(r, n);
				return PAM_CONV_ERR;
			}
			explicit_bzero(answer, sizeof(answer));
			break;
		case PAM_ERROR_MSG:
		case PAM_TEXT_INFO:
			t->tell(t->arg, msg[i]->msg);
			break;
		default:
			free_responses(r, n);
			return PAM_CONV_ERR;
		}
	}
	*resp = r;
	return PAM_SUCCESS;
}

/*
 * Start PAM for `user` on `tty` (or NULL) with the configuration in `confdir` (NULL: the
 * system's), and let the account in and open its session: 0, or -1 with PAM's reason.
 */
int
vmp_pam_open(struct vmp_pam *p, const char *confdir, const char *user, const char *tty,
    const struct vmp_proto_talk *talk, struct hpvm_err *e)
{
	struct pam_conv c = { .conv = conv, .appdata_ptr = (void *)(uintptr_t)talk };
	pam_handle_t *h = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	p->talk = talk;
	if ((rc = pam_start_confdir(VMP_PAM_SERVICE, user, &c, confdir, &h)) != PAM_SUCCESS)
		return hpvm_fail(e, EACCES, "PAM (service %s) could not start: %s", VMP_PAM_SERVICE,
		    pam_strerror(h, rc));
	p->h = h;
	pam_set_item(h, PAM_RUSER, user);
	if (tty != NULL && *tty != '\0')
		pam_set_item(h, PAM_TTY, tty);
	if ((rc = pam_acct_mgmt(h, 0)) != PAM_SUCCESS) {
		p->last = rc;
		if (rc == PAM_NEW_AUTHTOK_REQD)
			hpvm_fail(e, EACCES, "The password of user '%s' has expired; change it first.",
			    user);
		else
			hpvm_fail(e, EACCES, "Access denied to user '%s' by PAM (service "
			    VMP_PAM_SERVICE "): %s.", user, pam_strerror(h, rc));
		vmp_pam_close(p);
		return -1;
	}
	if ((rc = pam_open_session(h, 0)) != PAM_SUCCESS) {
		p->last = rc;
		hpvm_fail(e, EACCES, "PAM (service " VMP_PAM_SERVICE ") refused a session to user "
		    "'%s': %s.", user, pam_strerror(h, rc));
		vmp_pam_close(p);
		return -1;
	}
	p->session = 1;
	return 0;
}

/* The person proves again who they are: 0, or -1 with PAM's reason. */
int
vmp_pam_authenticate(struct vmp_pam *p, struct hpvm_err *e)
{
	int rc;

	if (p->h == NULL)
		return hpvm_fail(e, EACCES, "No PAM session.");
	if ((rc = pam_authenticate(p->h, PAM_DISALLOW_NULL_AUTHTOK)) != PAM_SUCCESS) {
		p->last = rc;
		return hpvm_fail(e, EACCES, "Authentication failed (PAM service " VMP_PAM_SERVICE
		    "): %s.", pam_strerror(p->h, rc));
	}
	if ((rc = pam_acct_mgmt(p->h, 0)) != PAM_SUCCESS) {
		p->last = rc;
		return hpvm_fail(e, EACCES, "Access denied by PAM (service " VMP_PAM_SERVICE "): %s.",
		    pam_strerror(p->h, rc));
	}
	p->last = PAM_SUCCESS;
	return 0;
}

void
vmp_pam_close(struct vmp_pam *p)
{
	if (p->h == NULL)
		return;
	if (p->session)
		pam_close_session(p->h, 0);
	pam_end(p->h, p->last);
	p->h = NULL;
	p->session = 0;
}
