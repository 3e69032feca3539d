/* check.h: what a migration's target verifies before anything moves, every problem at once. */
#ifndef HPVM_CHECK_H
#define HPVM_CHECK_H

#include <stddef.h>

#include "base/hpvm_err.h"
#include "migrate/disk.h"
#include "model/device.h"

struct guest;

#define CHECK_MAX	32

/* A storage resource of the guest, as the source sees it. */
struct check_disk {
	char		path[LOCATION_MAX + 1];
	struct disk_info info;
	int		copy;		/* it exists only on the source: the target creates it */
	char		sha256[65];	/* the target: the digest of the copy that arrived */
};

struct check_ask {
	int			 online;	/* the guest arrives running */
	int			 boot;		/* ... or is to be booted after an offline move */
	int			 force;		/* -F: a guest moved offline may land before its vswitch */
	const struct check_disk	*disks;
	size_t			 ndisks;
};

/* Kinds, each with HP's summary line (hpvmmigrate prints it above the details). */
enum check_kind { CHECK_NAME, CHECK_VSWITCH, CHECK_DEVICE, CHECK_WWID, CHECK_RESOURCES,
	CHECK_CONFIG, CHECK_KINDS };

struct check_list {
	int		n;
	enum check_kind	kind[CHECK_MAX];
	char		text[CHECK_MAX][HPVM_MSG_LEN];
};

void		 check_incoming(const struct guest *g, const struct guest *replace,
		    const struct check_ask *ask, struct check_list *out);
int		 check_replaceable(const struct guest *g, struct guest *old, struct hpvm_err *e);
int		 check_copy_path(const char *path, struct hpvm_err *e);
const char	*check_kind_name(enum check_kind k);
int		 check_kind_parse(const char *s, enum check_kind *k);
const char	*check_kind_summary(enum check_kind k);

#endif
