/* source.h: hpvmmigrate's side of a migration: check on the target, move the guest, commit. */
#ifndef HPVM_SOURCE_H
#define HPVM_SOURCE_H

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

#define SOURCE_DISKS	64
#define SOURCE_STREAMS	(SOURCE_DISKS + 2)

struct source_opts {
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
struct source_result {
	struct check_list	problems;	/* the target's, when it refused */
	char			there[256];	/* the target as it names itself */
	char			boot_error[HPVM_MSG_LEN];
	int			vmnum;		/* the guest's number there */
	long			total_ms, downtime_ms;
	long long		transferred;
};

struct source_disk {
	char			src[LOCATION_MAX + 1];	/* here */
	char			dst[LOCATION_MAX + 1];	/* there (differs when -m maps it) */
	char			drv[40];		/* QEMU's drive, for a live copy */
	struct disk_info	info;
	int			copy;
	char			sha256[65];
};

struct source {
	const struct source_opts	*o;
	struct proto_conf		 conf;
	struct privsep			 ps;
	SSL_CTX				*ctx;
	char				 host[256];	/* as dialled */
	int				 port;
	struct tunnel			 ctl;
	struct tunnel			 streams[SOURCE_STREAMS];
	int				 nstreams;
	struct guest			 g;		/* here */
	struct guest			 out;		/* as it goes */
	struct source_disk		 disks[SOURCE_DISKS];
	size_t				 ndisks;
	int				 progress;	/* a terminal to draw progress on */
	struct source_result		*r;
};

int	source_migrate(const struct source_opts *o, struct source_result *r, struct hpvm_err *e);
int	source_request(struct source *s, json_object *req, json_object **reply, struct hpvm_err *e);
int	source_stream(struct source *s, const char *token, struct hpvm_err *e);
void	source_ping(struct source *s);
int	source_commit(struct source *s, struct hpvm_err *e);

#endif
