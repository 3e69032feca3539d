/* outgoing.h: the source's side of one migration: what is asked, what it found, and its connection to the target. */
#ifndef HPVM_OUTGOING_H
#define HPVM_OUTGOING_H

#include <stddef.h>

#include <openssl/ssl.h>

#include "migrate/check.h"
#include "migrate/disk.h"
#include "migrate/privsep.h"
#include "migrate/proto.h"
#include "migrate/tunnel.h"
#include "model/guest.h"
#include "model/guest_change.h"

struct hpvm_err;

#define OUTGOING_DISKS	64
#define OUTGOING_STREAMS	(OUTGOING_DISKS + 2)

struct outgoing_opts {
	const char		*name;
	const char		*target;	/* host, or host:port */
	int			 online;	/* -o */
	int			 check_only;	/* -s */
	int			 boot;		/* -b: boot on the target after an offline move */
	int			 remove;	/* -D: remove the configuration here afterwards */
	int			 stop_first;	/* -d: stop a running guest, then move it offline */
	int			 copy;		/* -C: copy file-backed disks the target does not share */
	int			 force;		/* -F */
	int			 quiet;		/* -q */
	struct guest_change	 change;	/* -N, -l, -c, -e, -E, -r, -m on the way */
};

/* What a migration found and did, for hpvmmigrate to report. */
struct outgoing_result {
	struct check_list	problems;	/* the target's, when it refused */
	char			there[256];	/* the target as it names itself */
	char			boot_error[HPVM_MSG_LEN];
	int			vmnum;		/* the guest's number there */
	long			total_ms, downtime_ms;
	long long		transferred;
};

struct outgoing_disk {
	char			src[LOCATION_MAX + 1];	/* here */
	char			dst[LOCATION_MAX + 1];	/* there (differs when -m maps it) */
	char			drv[40];		/* QEMU's drive, for a live copy */
	struct disk_info	info;
	int			copy;
	char			sha256[65];
};

struct outgoing {
	const struct outgoing_opts	*o;
	struct proto_conf		 conf;
	struct privsep			 ps;
	SSL_CTX				*ctx;
	char				 host[256];	/* as dialled */
	int				 port;
	struct tunnel			 ctl;
	struct tunnel			 streams[OUTGOING_STREAMS];
	int				 nstreams;
	struct guest			 g;		/* here */
	struct guest			 out;		/* as it goes */
	struct outgoing_disk		 disks[OUTGOING_DISKS];
	size_t				 ndisks;
	int				 progress;	/* a terminal to draw progress on */
	long				 started_ms;	/* when the move began (clock_ms) */
	struct outgoing_result		*r;
};

int		 outgoing_dial(struct outgoing *s, struct tunnel *t, struct hpvm_err *e);
json_object	*outgoing_op(const char *op);
int		 outgoing_request(struct outgoing *s, json_object *req, json_object **reply,
		    struct hpvm_err *e);
int		 outgoing_stream(struct outgoing *s, const char *token, struct hpvm_err *e);
void		 outgoing_ping(struct outgoing *s);
int		 outgoing_commit(struct outgoing *s, struct hpvm_err *e);

#endif
