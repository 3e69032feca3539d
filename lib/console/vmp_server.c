/*
 * vmp_server.c: hpvmconsoled. It listens on a socket only root and the hpvmsys group may open,
 * which hpvmconsole (setgid hpvmsys) opens for ordinary users before it gives the group up.
 * Each connection gets a process of its own, which learns from the kernel who is at the other
 * end, decides their access to the guest from its configuration, runs PAM for them, and then
 * carries out their vMP commands one at a time, logging each one.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/dir.h"
#include "base/frame.h"
#include "base/hpvm_err.h"
#include "base/name.h"
#include "base/path.h"
#include "base/privs.h"
#include "base/sock.h"
#include "console/vmp_account.h"
#include "console/vmp_exec.h"
#include "console/vmp_pam.h"
#include "console/vmp_parse.h"
#include "console/vmp_proto.h"
#include "console/vmp_server.h"
#include "vmm/guest_log.h"

#define HELLO_WAIT_MS	(5 * 60 * 1000)		/* a person choosing a guest, or typing a password */
#define IDLE_WAIT_MS	(-1)

struct conn {
	int			 sock;
	pid_t			 pid;		/* the client's, as the kernel says */
	struct frame_reader	 r;
	struct vmp_session	 s;
	struct vmp_pam		 pam;
	struct vmp_proto_talk	 talk;
	const char		*pam_dir;
	char			 tty[64];
};

/* hpvmconsoled's socket: root and the hpvmsys group (hpvmconsole carries it) may connect. */
int
vmp_server_listen(struct hpvm_err *e)
{
	char dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN];
	gid_t g = privs_group_gid();
	int fd;

	if (path_build(dir, sizeof(dir), e, HPVM_RUN) == -1 ||
	    path_build(path, sizeof(path), e, "%s", VMP_PROTO_SOCKET) == -1 ||
	    dir_make(dir, 0755, e) == -1)
		return -1;
	/* A second one would take the socket from the first and leave it serving nobody. */
	if ((fd = sock_connect_unix(path, NULL)) != -1) {
		close(fd);
		return hpvm_fail(e, EEXIST, "hpvmconsoled is already running (%s).", path_unrooted(path));
	}
	if ((fd = sock_listen_unix(path, g == (gid_t)-1 ? 0600 : 0660, e)) == -1)
		return -1;
	if (g != (gid_t)-1 && chown(path, 0, g) == -1) {
		close(fd);
		return hpvm_fail(e, errno, "Unable to give %s to group %s: %s", path, PRIVS_GROUP,
		    strerror(errno));
	}
	return fd;
}

/* PAM asks: the question goes to hpvmconsole, which asks the person; their answer comes back. */
static int
ask(void *arg, int echo, const char *prompt, char *answer, size_t len)
{
	struct conn *c = arg;
	struct frame f;

	if (frame_send_text(c->sock, echo ? VMP_MSG_ASK_ECHO : VMP_MSG_ASK, prompt) == -1 ||
	    frame_recv(c->sock, &c->r, &f, HELLO_WAIT_MS) != 1 || f.type != VMP_MSG_ANSWER) {
		return -1;
	}
	snprintf(answer, len, "%s", f.data);
	explicit_bzero(f.data, f.len);
	return 0;
}

static void
tell(void *arg, const char *text)
{
	struct conn *c = arg;

	frame_send_text(c->sock, VMP_MSG_INFO, text);
}

static int
reply(struct conn *c, const struct vmp_reply *r, int status, const char *detail)
{
	return vmp_proto_send_reply(c->sock, r, status, detail);
}

static int
refuse(struct conn *c, struct hpvm_err *e)
{
	struct vmp_reply r;

	vmp_exec_reply_init(&r);
	r.err = *e;
	return reply(c, &r, VMP_HELLO_REFUSED, NULL);
}

/* A refusal in the logs: command.log always, the guest log when the guest is known. */
static void
log_refusal(const struct conn *c, const char *guest, const char *uuid, const char *why)
{
	char line[512];

	snprintf(line, sizeof(line), "hpvmconsole -P %s [vMP] session refused: %s", guest, why);
	cmdlog_record(c->s.user.name, line, 1);
	if (uuid != NULL && uuid[0] != '\0')
		guest_log(uuid, "vMP: %s: console session refused: %s", c->s.user.name, why);
}

/* The guest list for an account authorized for several: reply CHOOSE with one line each. */
static int
offer(struct conn *c, const struct vmp_choice *list, size_t n)
{
	char line[GUEST_NAME_MAX + 16];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "%s %s", list[i].name, vmp_account_level_name(list[i].level));
		if (frame_send_text(c->sock, VMP_MSG_CHOICE, line) == -1)
			return -1;
	}
	return frame_send_text(c->sock, VMP_MSG_DONE, "2");
}

/*
 * Which guest, for a hello naming none: the one the account's home is for, or the only one it
 * may use; several are offered (1 returned), none is refused (-1). 0 and `name` when decided.
 */
static int
pick_guest(struct conn *c, char *name, size_t len, struct hpvm_err *e)
{
	struct vmp_choice *list = NULL;
	size_t n = 0;
	int rc;

	if (vmp_account_home_guest(c->s.user.home, name, len))
		return 0;
	if (vmp_account_guests(&c->s.user, &list, &n, e) == -1)
		return -1;
	if (n == 0)
		rc = hpvm_fail(e, EACCES, "User '%s' is not authorized to use the virtual console of "
		    "any virtual machine.", c->s.user.name);
	else if (n == 1)
		rc = snprintf(name, len, "%s", list[0].name) < 0 ? -1 : 0;
	else
		rc = offer(c, list, n) == -1 ? -1 : 1;
	free(list);
	return rc;
}

/* "guest\ttty\tflags": the fields, each checked. */
static int
parse_hello(struct conn *c, char *data, char *guest, size_t len, struct hpvm_err *e)
{
	char *tab1 = strchr(data, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
	size_t i;

	if (tab1 == NULL || tab2 == NULL)
		return hpvm_fail(e, EINVAL, "Malformed hello.");
	*tab1 = *tab2 = '\0';
	if (*data != '\0' && name_check_guest(data, e) == -1)
		return -1;
	snprintf(guest, len, "%s", data);
	snprintf(c->tty, sizeof(c->tty), "%s", tab1 + 1);
	for (i = 0; c->tty[i] != '\0'; i++)
		if (c->tty[i] < 0x21 || c->tty[i] > 0x7e)
			c->tty[0] = '\0';
	c->s.force = strchr(tab2 + 1, 'f') != NULL;
	return 0;
}

/* Hello until a guest is settled and PAM lets the person in: 0, or -1 (the session ends). */
static int
greet(struct conn *c)
{
	struct hpvm_err e = { 0 };
	struct frame f;
	char guest[GUEST_NAME_MAX + 1], detail[GUEST_NAME_MAX + 16];
	int rc;

	for (;;) {
		hpvm_err_clear(&e);
		if (frame_recv(c->sock, &c->r, &f, HELLO_WAIT_MS) != 1 || f.type != VMP_MSG_HELLO)
			return -1;
		if (parse_hello(c, f.data, guest, sizeof(guest), &e) == -1) {
			refuse(c, &e);
			return -1;
		}
		if (guest[0] == '\0' && (rc = pick_guest(c, guest, sizeof(guest), &e)) != 0) {
			if (rc == 1)
				continue;		/* offered a choice: the next hello names one */
			log_refusal(c, "-", NULL, hpvm_err_first(&e));
			refuse(c, &e);
			return -1;
		}
		break;
	}
	if (vmp_account_access(&c->s.user, guest, &c->s.level, c->s.uuid, sizeof(c->s.uuid), &e) == -1) {
		log_refusal(c, guest, c->s.uuid, "not authorized");
		refuse(c, &e);
		return -1;
	}
	snprintf(c->s.guest, sizeof(c->s.guest), "%s", guest);
	if (c->s.user.uid != 0 && vmp_pam_open(&c->pam, c->pam_dir, c->s.user.name, c->tty, &c->talk,
	    &e) == -1) {
		log_refusal(c, guest, c->s.uuid, hpvm_err_first(&e));
		refuse(c, &e);
		return -1;
	}
	vmp_exec_log(&c->s, "session start", 0);
	snprintf(detail, sizeof(detail), "%s %s", c->s.guest, vmp_account_level_name(c->s.level));
	{
		struct vmp_reply r;
		vmp_exec_reply_init(&r);
		return reply(c, &r, VMP_HELLO_OK, detail);
	}
}

/* One command line from the client: parsed again here, authenticated when it changes the guest. */
static int
serve_command(struct conn *c, const char *line)
{
	struct vmp_reply r;
	struct vmp_cmd cmd;
	char what[VMP_LINE_MAX + 1];
	int rc, status;

	vmp_exec_reply_init(&r);
	if (vmp_parse_line(line, &cmd, &r.err) == -1 || vmp_parse_is_local(cmd.verb)) {
		if (hpvm_nerrors(&r.err) == 0)
			hpvm_fail(&r.err, EINVAL, "'%s' is answered by hpvmconsole itself.", line);
		status = 1;
	} else if (vmp_parse_need(cmd.verb) == VMP_NEED_ADMIN && c->s.level != ACL_ADMIN) {
		status = vmp_exec_command(&c->s, &cmd, &r) == 0 ? 0 : 1;	/* refused and logged there */
	} else if (vmp_parse_changes_guest(cmd.verb) && c->s.user.uid != 0 &&
	    vmp_pam_authenticate(&c->pam, &r.err) == -1) {
		vmp_parse_format(&cmd, what, sizeof(what));
		snprintf(what + strlen(what), sizeof(what) - strlen(what), " (authentication failed)");
		vmp_exec_log(&c->s, what, 1);
		status = 1;
	} else
		status = vmp_exec_command(&c->s, &cmd, &r) == 0 ? 0 : 1;
	rc = reply(c, &r, status, NULL);
	vmp_exec_reply_free(&r);
	return rc;
}

static void __attribute__((noreturn))
session(int sock, const char *pam_dir)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct hpvm_err e = { 0 };
	static struct conn c;
	struct frame f;
	const char *why = "exit";

	memset(&c, 0, sizeof(c));
	c.sock = sock;
	c.pam_dir = pam_dir;
	c.talk = (struct vmp_proto_talk){ .ask = ask, .tell = tell, .arg = &c };
	c.s.logged = 1;
	frame_reader_init(&c.r);
	if (getsockopt(sock, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1 ||
	    vmp_account_lookup(cred.uid, &c.s.user, &e) == -1) {
		refuse(&c, &e);
		_exit(1);
	}
	c.pid = cred.pid;
	if (greet(&c) == -1)
		_exit(1);
	for (;;) {
		if (frame_recv(sock, &c.r, &f, IDLE_WAIT_MS) != 1) {
			why = "connection lost";
			break;
		}
		if (f.fd >= 0)
			close(f.fd);
		if (f.type == VMP_MSG_END)
			break;
		if (f.type == VMP_MSG_COMMAND && serve_command(&c, f.data) == -1) {
			why = "connection lost";
			break;
		}
	}
	vmp_exec_log(&c.s, strcmp(why, "exit") == 0 ? "session end" : "session end (connection lost)", 0);
	vmp_pam_close(&c.pam);
	_exit(0);
}

static int nsessions;

static void
reap(void)
{
	int status;

	while (waitpid(-1, &status, WNOHANG) > 0)
		nsessions--;
}

/* Serve sessions on `lfd` until a signal ends us. */
int
vmp_server_run(int lfd, const struct vmp_server_opts *o, struct hpvm_err *e)
{
	int fd;
	pid_t pid;

	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		struct pollfd p = { .fd = lfd, .events = POLLIN };
		reap();
		if (poll(&p, 1, 1000) <= 0)
			continue;
		if ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1) {
			if (errno == EINTR || errno == EAGAIN || errno == ECONNABORTED)
				continue;
			return hpvm_fail(e, errno, "accept: %s", strerror(errno));
		}
		if (nsessions >= VMP_SERVER_SESSIONS) {
			frame_send_text(fd, VMP_MSG_ERROR, "Too many console sessions; try again later.");
			frame_send_text(fd, VMP_MSG_DONE, "1");
			close(fd);
			continue;
		}
		if ((pid = fork()) == 0) {
			close(lfd);
			session(fd, o->pam_dir);
		}
		if (pid > 0)
			nsessions++;
		close(fd);
	}
}
