/* vmp_client.h: hpvmconsole's end of a vMP session: the library itself for root, hpvmconsoled for everyone else. */
#ifndef HPVM_VMP_CLIENT_H
#define HPVM_VMP_CLIENT_H

#include <stddef.h>

#include "console/vmp_exec.h"
#include "console/vmp_proto.h"

struct frame_reader;
struct hpvm_err;
struct vmp_choice;
struct vmp_cmd;

/* Root works through the library; anyone else through hpvmconsoled. */
enum vmp_client_mode { VMP_CLIENT_DIRECT, VMP_CLIENT_SERVER };
/* Does each command of a direct session go to the logs (an interactive session), or only changes? */
enum vmp_client_log { VMP_CLIENT_LOG_CHANGES, VMP_CLIENT_LOG_ALL };

/* Which of several guests (an account authorized for several): an index, or -1 for none. */
typedef int (*vmp_client_chooser)(void *arg, const struct vmp_choice *list, size_t n);

struct vmp_client {
	enum vmp_client_mode	 mode;
	int			 sock;
	struct frame_reader	*r;
	struct vmp_session	 s;
	struct vmp_proto_talk	 talk;
};

int	vmp_client_connect(struct vmp_client *c, enum vmp_client_mode mode, struct hpvm_err *e);
int	vmp_client_begin(struct vmp_client *c, const char *guest, const char *tty, int force,
	    enum vmp_client_log log, vmp_client_chooser choose, void *arg, struct hpvm_err *e);
int	vmp_client_run(struct vmp_client *c, const struct vmp_cmd *cmd, struct vmp_reply *r);
void	vmp_client_end(struct vmp_client *c);

#endif
