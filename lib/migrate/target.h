/* target.h: the receiving side of a migration, run as root by hpvmmigrated for one session. */
#ifndef HPVM_TARGET_H
#define HPVM_TARGET_H

#include <sys/types.h>

#include <json-c/json.h>

#include "migrate/check.h"
#include "migrate/proto.h"
#include "migrate/request.h"
#include "model/guest.h"
#include "vmm/qmp.h"

struct hpvm_err;

struct target {
	struct proto_conf	conf;
	pid_t			session;	/* names the journal */
	char			peer[256];	/* "name (address)" for logs */
	char			host[256];	/* this host */
	struct guest		g;		/* as the source sent it, once checked */
	int			have_guest;
	struct guest		old;		/* the copy it replaces, if any */
	int			have_old;
	struct request_check	req;		/* the check request: how it moves, its disks */
	int			online, boot, checked_ok, defined, launched, committed;
	struct qmp		qmp;
	char			mem_path[HPVM_PATH_LEN], nbd_path[HPVM_PATH_LEN];
	char			put_path[LOCATION_MAX + 1];	/* the disk being copied */
	int			mem_listen, nbd_listen;
};

void	target_init(struct target *t, pid_t session, const char *peer);
int	target_handle(struct target *t, json_object *req, json_object *reply, struct hpvm_err *e);
void	target_finish(struct target *t);

#endif
