/*
 * vmp_client.c: one vMP session, the same to the menus whoever runs it. For root the commands
 * are carried out here, through vmp_exec; for anyone else hpvmconsole holds only a connection
 * to hpvmconsoled, made while it still had the hpvmsys group, and every command, its answer and
 * the descriptors that come with it (the console, the logs) pass over that connection.
 */
#include <sys/socket.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/frame.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "base/sock.h"
#include "console/vmp_account.h"
#include "console/vmp_client.h"
#include "console/vmp_parse.h"
#include "console/vmp_proto.h"

/* Connect: nothing for root; hpvmconsoled's socket for anyone else (the caller holds hpvmsys now). */
int
vmp_client_connect(struct vmp_client *c, enum vmp_client_mode mode, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN];
	struct hpvm_err le = { 0 };

	memset(c, 0, sizeof(*c));
	c->mode = mode;
	c->sock = -1;
	if (mode == VMP_CLIENT_DIRECT)
		return 0;
	if ((c->r = malloc(sizeof(*c->r))) == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	frame_reader_init(c->r);
	if (path_build(path, sizeof(path), e, "%s", VMP_PROTO_SOCKET) == -1)
		return -1;
	if ((c->sock = sock_connect_unix(path, &le)) == -1) {
		if (le.code == EACCES || le.code == EPERM)
			return hpvm_fail(e, le.code, "Permission denied on %s: hpvmconsole must be "
			    "installed setgid %s for users other than root.", path_unrooted(path),
			    "hpvmsys");
		return hpvm_fail(e, le.code, "The console service hpvmconsoled is not running (%s: "
		    "%s).", path_unrooted(path), strerror(le.code));
	}
	return 0;
}

/* The chosen guest of a CHOOSE reply: its lines are "name level". */
static int
choose_from(const char *text, vmp_client_chooser choose, void *arg, char *name, size_t len)
{
	struct vmp_choice *list = NULL, *more;
	char level[16];
	const char *p;
	size_t n = 0;
	int k = -1;

	for (p = text; p != NULL && *p != '\0'; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if ((more = realloc(list, (n + 1) * sizeof(*list))) == NULL)
			break;
		list = more;
		if (sscanf(p, "%64s %15s", list[n].name, level) != 2)
			continue;
		list[n++].level = strcmp(level, "admin") == 0 ? ACL_ADMIN : ACL_OPER;
	}
	if (n > 0 && choose != NULL && (k = choose(arg, list, n)) >= 0 && (size_t)k < n)
		snprintf(name, len, "%s", list[k].name);
	else
		k = -1;
	free(list);
	return k < 0 ? -1 : 0;
}

static int
begin_server(struct vmp_client *c, const char *guest, const char *tty, int force,
    vmp_client_chooser choose, void *arg, struct hpvm_err *e)
{
	char hello[GUEST_NAME_MAX + 128], detail[GUEST_NAME_MAX + 32], chosen[GUEST_NAME_MAX + 1];
	char level[16];
	struct vmp_reply r;
	int status, i;

	snprintf(chosen, sizeof(chosen), "%s", guest ? guest : "");
	for (;;) {
		snprintf(hello, sizeof(hello), "%s\t%s\t%s", chosen, tty ? tty : "", force ? "f" : "");
		if (frame_send_text(c->sock, VMP_MSG_HELLO, hello) == -1)
			return hpvm_fail(e, errno, "The console service hpvmconsoled went away.");
		vmp_exec_reply_init(&r);
		status = vmp_proto_recv_reply(c->sock, c->r, &c->talk, &r, detail, sizeof(detail));
		for (i = 0; i < r.err.n; i++)
			if (r.err.msg[i].sev == HPVM_ERROR)
				hpvm_fail(e, EACCES, "%s", r.err.msg[i].text);
			else
				hpvm_warn(e, "%s", r.err.msg[i].text);
		if (status == VMP_HELLO_CHOOSE && chosen[0] == '\0' &&
		    choose_from(r.text, choose, arg, chosen, sizeof(chosen)) == 0) {
			vmp_exec_reply_free(&r);
			continue;
		}
		vmp_exec_reply_free(&r);
		break;
	}
	if (status != VMP_HELLO_OK) {
		if (hpvm_nerrors(e) == 0)
			hpvm_fail(e, EACCES, status == VMP_HELLO_CHOOSE ? "No virtual machine chosen." :
			    "The console session was refused.");
		return -1;
	}
	if (sscanf(detail, "%64s %15s", c->s.guest, level) != 2)
		return hpvm_fail(e, EIO, "hpvmconsoled answered what hpvmconsole cannot read.");
	c->s.level = strcmp(level, "admin") == 0 ? ACL_ADMIN : ACL_OPER;
	return 0;
}

static int
begin_direct(struct vmp_client *c, const char *guest, int force, enum vmp_client_log log,
    vmp_client_chooser choose, void *arg, struct hpvm_err *e)
{
	struct vmp_choice *list = NULL;
	char name[GUEST_NAME_MAX + 1] = "";
	size_t n = 0;
	int k;

	if (vmp_account_lookup(0, &c->s.user, e) == -1)
		return -1;
	c->s.force = force;
	c->s.logged = log == VMP_CLIENT_LOG_ALL;
	if (guest != NULL)
		snprintf(name, sizeof(name), "%s", guest);
	else if (!vmp_account_home_guest(c->s.user.home, name, sizeof(name))) {
		if (vmp_account_guests(&c->s.user, &list, &n, e) == -1)
			return -1;
		k = n == 1 ? 0 : n > 1 && choose != NULL ? choose(arg, list, n) : -1;
		if (k >= 0 && (size_t)k < n)
			snprintf(name, sizeof(name), "%s", list[k].name);
		free(list);
		if (name[0] == '\0')
			return hpvm_fail(e, ENOENT, n == 0 ? "No virtual machine is configured." :
			    "No virtual machine chosen.");
	}
	if (vmp_account_access(&c->s.user, name, &c->s.level, c->s.uuid, sizeof(c->s.uuid), e) == -1)
		return -1;
	snprintf(c->s.guest, sizeof(c->s.guest), "%s", name);
	if (c->s.logged)
		vmp_exec_log(&c->s, "session start", 0);
	return 0;
}

/*
 * Start the session on `guest` (NULL: the one the account is for, or a choice). `tty` (or NULL)
 * is the terminal's name, for PAM; `force` makes co take the keyboard.
 */
int
vmp_client_begin(struct vmp_client *c, const char *guest, const char *tty, int force,
    enum vmp_client_log log, vmp_client_chooser choose, void *arg, struct hpvm_err *e)
{
	if (c->mode == VMP_CLIENT_DIRECT)
		return begin_direct(c, guest, force, log, choose, arg, e);
	return begin_server(c, guest, tty, force, choose, arg, e);
}

/* Carry out one command into `r` (initialized by the caller): 0, or -1 with the reasons in r->err. */
int
vmp_client_run(struct vmp_client *c, const struct vmp_cmd *cmd, struct vmp_reply *r)
{
	char line[VMP_LINE_MAX + 1];

	if (c->mode == VMP_CLIENT_DIRECT)
		return vmp_exec_command(&c->s, cmd, r);
	vmp_parse_format(cmd, line, sizeof(line));
	if (frame_send_text(c->sock, VMP_MSG_COMMAND, line) == -1)
		return hpvm_fail(&r->err, errno, "The console service hpvmconsoled went away.");
	return vmp_proto_recv_reply(c->sock, c->r, &c->talk, r, NULL, 0) == 0 ? 0 : -1;
}

void
vmp_client_end(struct vmp_client *c)
{
	if (c->mode == VMP_CLIENT_DIRECT) {
		if (c->s.logged && c->s.guest[0] != '\0')
			vmp_exec_log(&c->s, "session end", 0);
		return;
	}
	if (c->sock >= 0) {
		frame_send_text(c->sock, VMP_MSG_END, "");
		close(c->sock);
	}
	if (c->r != NULL) {
		frame_reader_close(c->r);
		free(c->r);
	}
	c->sock = -1;
	c->r = NULL;
}
