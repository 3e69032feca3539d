/*
 * vmp_proto.c: a reply from hpvmconsoled is a run of frames: messages (warnings, errors),
 * output, descriptors (the console connection, logs), ended by DONE with the status. While a
 * reply is being made, PAM may ask the person questions: ASK frames the client answers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/frame.h"
#include "base/hpvm_err.h"
#include "console/vmp_exec.h"
#include "console/vmp_proto.h"

/* How long a client waits for hpvmconsoled: a memory dump of a large guest takes a while. */
#define VMP_REPLY_WAIT_MS	(60 * 60 * 1000)

int
vmp_proto_send_reply(int sock, const struct vmp_reply *r, int status, const char *detail)
{
	char done[128];
	size_t off;
	int i;

	for (i = 0; i < r->err.n; i++)
		if (frame_send_text(sock, r->err.msg[i].sev == HPVM_ERROR ? VMP_MSG_ERROR :
		    VMP_MSG_WARNING, r->err.msg[i].text) == -1)
			return -1;
	for (off = 0; off < r->len; off += FRAME_MAX)
		if (frame_send(sock, VMP_MSG_OUTPUT, r->text + off,
		    r->len - off > FRAME_MAX ? FRAME_MAX : r->len - off, -1) == -1)
			return -1;
	for (i = 0; i < r->nfd; i++) {
		char kind = (char)('0' + r->kind[i]);
		if (frame_send(sock, VMP_MSG_FD, &kind, 1, r->fd[i]) == -1)
			return -1;
	}
	snprintf(done, sizeof(done), "%d%s%s", status, detail ? " " : "", detail ? detail : "");
	return frame_send_text(sock, VMP_MSG_DONE, done);
}

static void
add_text(struct vmp_reply *r, const char *data, size_t len)
{
	char *more;

	if ((more = realloc(r->text, r->len + len + 1)) == NULL)
		return;
	r->text = more;
	memcpy(r->text + r->len, data, len);
	r->len += len;
	r->text[r->len] = '\0';
}

/* PAM's question, answered by the person (or not, if nobody can). */
static int
answer(int sock, const struct vmp_proto_talk *t, int echo, const char *prompt)
{
	char ans[512] = "";
	int rc;

	if (t == NULL || t->ask == NULL || t->ask(t->arg, echo, prompt, ans, sizeof(ans)) == -1)
		return frame_send_text(sock, VMP_MSG_END, "no answer");
	rc = frame_send_text(sock, VMP_MSG_ANSWER, ans);
	explicit_bzero(ans, sizeof(ans));
	return rc;
}

/*
 * Read one reply into `r` (initialized by the caller): its status (-1 if the server went away),
 * the rest of the DONE line in `detail`. Questions on the way go to `t`.
 */
int
vmp_proto_recv_reply(int sock, struct frame_reader *fr, const struct vmp_proto_talk *t,
    struct vmp_reply *r, char *detail, size_t len)
{
	struct frame f;
	int status;

	if (detail != NULL && len > 0)
		detail[0] = '\0';
	for (;;) {
		if (frame_recv(sock, fr, &f, VMP_REPLY_WAIT_MS) != 1) {
			hpvm_fail(&r->err, EIO, "The console service hpvmconsoled went away.");
			return -1;
		}
		switch (f.type) {
		case VMP_MSG_ERROR:
			hpvm_fail(&r->err, EIO, "%s", f.data);
			break;
		case VMP_MSG_WARNING:
			hpvm_warn(&r->err, "%s", f.data);
			break;
		case VMP_MSG_OUTPUT:
		case VMP_MSG_CHOICE:
			add_text(r, f.data, f.len);
			if (f.type == VMP_MSG_CHOICE)
				add_text(r, "\n", 1);
			break;
		case VMP_MSG_FD:
			if (f.fd >= 0 && f.len == 1 && f.data[0] >= '0' && f.data[0] <= '2')
				vmp_exec_reply_add_fd(r, f.fd, (enum vmp_fd_kind)(f.data[0] - '0'));
			else if (f.fd >= 0)
				close(f.fd);
			break;
		case VMP_MSG_ASK:
		case VMP_MSG_ASK_ECHO:
			if (answer(sock, t, f.type == VMP_MSG_ASK_ECHO, f.data) == -1)
				return -1;
			break;
		case VMP_MSG_INFO:
			if (t != NULL && t->tell != NULL)
				t->tell(t->arg, f.data);
			break;
		case VMP_MSG_DONE:
			if (sscanf(f.data, "%d", &status) != 1)
				status = 1;
			if (detail != NULL && strchr(f.data, ' ') != NULL)
				snprintf(detail, len, "%s", strchr(f.data, ' ') + 1);
			return status;
		default:
			if (f.fd >= 0)
				close(f.fd);
			break;
		}
	}
}
