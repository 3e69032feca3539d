/* arrival.h: what a target session knows and holds of a guest arriving: its configuration, disks, QEMU, streams. */
#ifndef HPVM_ARRIVAL_H
#define HPVM_ARRIVAL_H

#include <sys/types.h>

#include "migrate/check.h"
#include "migrate/proto.h"
#include "migrate/request.h"
#include "model/guest.h"
#include "vmm/qmp.h"

struct arrival {
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
	char			summary[128];	/* how the move went, for the records */
};

#endif
