/* request.h: a peer's migration requests decoded into checked structures, with no I/O (a fuzz target's whole world). */
#ifndef HPVM_REQUEST_H
#define HPVM_REQUEST_H

#include <stddef.h>

#include <json-c/json.h>

#include "migrate/check.h"

struct guest;
struct hpvm_err;

#define REQUEST_XML_MAX	(512 * 1024)
#define REQUEST_DISKS	64

/* "check": the guest as the source sends it, how it moves, and its storage as the source sees it. */
struct request_check {
	int			online, boot, force;
	struct check_disk	disks[REQUEST_DISKS];
	size_t			ndisks;
};

int	request_check_decode(json_object *req, struct guest *g, struct request_check *rc,
	    struct hpvm_err *e);

#endif
