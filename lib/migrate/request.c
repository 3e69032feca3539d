/*
 * request.c: the one request that carries structure, "check", decoded and checked before
 * anything acts on it: the configuration parses and validates against the schema (guest_xml),
 * and every storage resource described is one of that guest's, described once, each of its
 * resources described, copied only if file-backed. Nothing here touches the host.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "migrate/request.h"
#include "migrate/wire.h"
#include "model/guest.h"
#include "store/guest_xml.h"

/* One storage resource of the request: it must be one of the guest's, and copied only if a file. */
static int
request_disk(const struct guest *g, json_object *o, struct check_disk *cd, struct hpvm_err *e)
{
	const char *path, *wwid;
	int64_t size;
	size_t i;

	memset(cd, 0, sizeof(*cd));
	if (!json_object_is_type(o, json_type_object) ||
	    wire_str(o, "path", LOCATION_MAX, &path, e) == -1 ||
	    wire_int(o, "size", 0, INT64_MAX / 2, &size, e) == -1 ||
	    wire_str(o, "wwid", DISK_WWID_LEN - 1, &wwid, e) == -1 ||
	    wire_bool(o, "block", &cd->info.block, e) == -1 || wire_bool(o, "copy", &cd->copy, e) == -1)
		return -1;
	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		if (d->type == DEV_NETWORK || d->backing == BK_NULL || strcmp(d->location, path) != 0)
			continue;
		if (cd->copy && (d->backing != BK_FILE || cd->info.block))
			return hpvm_fail(e, EINVAL, "Only file-backed storage is copied; %s is not.", path);
		snprintf(cd->path, sizeof(cd->path), "%s", path);
		snprintf(cd->info.wwid, sizeof(cd->info.wwid), "%s", wwid);
		cd->info.size = size;
		cd->info.exists = 1;
		return 0;
	}
	return hpvm_fail(e, EINVAL, "%s is not a storage resource of the guest.", path);
}

static int
request_disks(json_object *req, const struct guest *g, struct request_check *rc, struct hpvm_err *e)
{
	json_object *list;
	size_t i, j, want = 0;

	if (wire_array(req, "disks", REQUEST_DISKS, &list, e) == -1)
		return -1;
	rc->ndisks = json_object_array_length(list);
	for (i = 0; i < rc->ndisks; i++) {
		if (request_disk(g, json_object_array_get_idx(list, i), &rc->disks[i], e) == -1)
			return hpvm_fail(e, EPROTO, "The source described the guest's storage wrongly.");
		for (j = 0; j < i; j++)
			if (strcmp(rc->disks[j].path, rc->disks[i].path) == 0)
				return hpvm_fail(e, EPROTO, "%s is described twice.", rc->disks[i].path);
	}
	for (i = 0; i < g->ndevs; i++)
		want += g->devs[i].type != DEV_NETWORK && g->devs[i].backing != BK_NULL;
	return want == rc->ndisks ? 0 :
	    hpvm_fail(e, EPROTO, "The source described %zu storage resources of %zu.", rc->ndisks, want);
}

/* On success `g` holds the guest (the caller frees it); on failure it is freed here. */
int
request_check_decode(json_object *req, struct guest *g, struct request_check *rc, struct hpvm_err *e)
{
	const char *xml;

	memset(rc, 0, sizeof(*rc));
	if (wire_str(req, "guest", REQUEST_XML_MAX, &xml, e) == -1 ||
	    wire_bool(req, "online", &rc->online, e) == -1 || wire_bool(req, "boot", &rc->boot, e) == -1 ||
	    wire_bool(req, "force", &rc->force, e) == -1)
		return -1;
	if (guest_xml_parse(xml, strlen(xml), "the source's configuration", g, e) == -1)
		return -1;
	if (request_disks(req, g, rc, e) == -1) {
		guest_free(g);
		return -1;
	}
	return 0;
}
