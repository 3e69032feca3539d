/* vmp_proto.h: what hpvmconsole and hpvmconsoled say to each other: hello, commands, PAM's questions, replies with descriptors. */
#ifndef HPVM_VMP_PROTO_H
#define HPVM_VMP_PROTO_H

#include <stddef.h>

struct frame_reader;
struct vmp_reply;

/* hpvmconsoled's socket: root and the hpvmsys group only. */
#define VMP_PROTO_SOCKET	"/var/run/hpvm/hpvmconsoled.sock"

/* Client to server. */
#define VMP_MSG_HELLO	'H'	/* "guest\ttty\tflags": guest "" = the account's own; flags "f" = take the keyboard */
#define VMP_MSG_COMMAND	'C'	/* one command line */
#define VMP_MSG_ANSWER	'A'	/* the answer to a question PAM asked */
#define VMP_MSG_END	'E'	/* the session ends: why */
/* Server to client. */
#define VMP_MSG_ASK	'P'	/* PAM asks, the answer not shown (a password) */
#define VMP_MSG_ASK_ECHO 'Q'	/* PAM asks, the answer shown */
#define VMP_MSG_INFO	'I'	/* PAM tells */
#define VMP_MSG_OUTPUT	'O'	/* output for the person */
#define VMP_MSG_FD	'F'	/* a descriptor: its kind (enum vmp_fd_kind) as a digit */
#define VMP_MSG_WARNING	'W'
#define VMP_MSG_ERROR	'M'
#define VMP_MSG_CHOICE	'G'	/* "name level": a guest the account may use */
#define VMP_MSG_DONE	'Z'	/* the reply ends: "status[ detail]" */

/* A hello's outcome. */
enum vmp_hello { VMP_HELLO_OK, VMP_HELLO_REFUSED, VMP_HELLO_CHOOSE };

/* How the client answers PAM: ask(echo, prompt) fills answer, -1 if nobody can; tell() shows. */
struct vmp_proto_talk {
	int	(*ask)(void *arg, int echo, const char *prompt, char *answer, size_t len);
	void	(*tell)(void *arg, const char *text);
	void	*arg;
};

int	vmp_proto_send_reply(int sock, const struct vmp_reply *r, int status, const char *detail);
int	vmp_proto_recv_reply(int sock, struct frame_reader *fr, const struct vmp_proto_talk *t,
	    struct vmp_reply *r, char *detail, size_t len);

#endif
