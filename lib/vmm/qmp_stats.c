/*
 * qmp_stats.c: read query-blockstats and query-cpus-fast replies into plain numbers. The
 * replies come from a process the guest can influence, so nothing in them is trusted: wrong
 * types, missing members and huge lists are skipped, never followed.
 */
#include <stdio.h>
#include <string.h>

#include "vmm/qmp_stats.h"

static uint64_t
member_u64(json_object *o, const char *key)
{
	json_object *v;
	int64_t n;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return 0;
	n = json_object_get_int64(v);
	return n > 0 ? (uint64_t)n : 0;
}

static void
member_str(json_object *o, const char *key, char *buf, size_t len)
{
	json_object *v;

	buf[0] = '\0';
	if (json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string))
		snprintf(buf, len, "%s", json_object_get_string(v));
}

/* Fill at most `max` entries from a query-blockstats "return"; how many, or -1 if it is not a list. */
int
qmp_stats_blockstats(json_object *ret, struct qmp_blockstat *out, int max)
{
	size_t i, n;
	int k = 0;

	if (ret == NULL || !json_object_is_type(ret, json_type_array))
		return -1;
	n = json_object_array_length(ret);
	for (i = 0; i < n && k < max; i++) {
		json_object *o = json_object_array_get_idx(ret, i), *st;
		if (o == NULL || !json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, "stats", &st) || !json_object_is_type(st, json_type_object))
			continue;
		struct qmp_blockstat *b = &out[k++];
		member_str(o, "device", b->drive, sizeof(b->drive));
		member_str(o, "node-name", b->node, sizeof(b->node));
		member_str(o, "qdev", b->qdev, sizeof(b->qdev));
		b->rd_bytes = member_u64(st, "rd_bytes");
		b->wr_bytes = member_u64(st, "wr_bytes");
		b->rd_ops = member_u64(st, "rd_operations");
		b->wr_ops = member_u64(st, "wr_operations");
		b->rd_ns = member_u64(st, "rd_total_time_ns");
		b->wr_ns = member_u64(st, "wr_total_time_ns");
	}
	return k;
}

/* From a query-cpus-fast "return": each vCPU's index and thread; how many, or -1. */
int
qmp_stats_cpus(json_object *ret, struct qmp_vcpu *out, int max)
{
	size_t i, n;
	int k = 0;

	if (ret == NULL || !json_object_is_type(ret, json_type_array))
		return -1;
	n = json_object_array_length(ret);
	for (i = 0; i < n && k < max; i++) {
		json_object *o = json_object_array_get_idx(ret, i), *idx, *tid;
		if (o == NULL || !json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, "cpu-index", &idx) ||
		    !json_object_is_type(idx, json_type_int) ||
		    !json_object_object_get_ex(o, "thread-id", &tid) ||
		    !json_object_is_type(tid, json_type_int))
			continue;
		int64_t ix = json_object_get_int64(idx), th = json_object_get_int64(tid);
		if (ix < 0 || ix > 65535 || th <= 0 || th > 0x3fffffff)
			continue;
		out[k].index = (int)ix;
		out[k].thread = (long)th;
		k++;
	}
	return k;
}

/*
 * Is this entry the drive `drive` of guest device `dev`? A drive from the command line is
 * named by "device"; a hot-plugged one by "node-name"; either way "qdev" names the device,
 * by its id or by a QOM path that contains it.
 */
int
qmp_stats_blockstat_is(const struct qmp_blockstat *b, const char *drive, const char *dev)
{
	size_t n = strlen(dev);
	const char *p;

	if ((b->drive[0] != '\0' && strcmp(b->drive, drive) == 0) ||
	    (b->node[0] != '\0' && strcmp(b->node, drive) == 0) || strcmp(b->qdev, dev) == 0)
		return 1;
	for (p = b->qdev; (p = strstr(p, dev)) != NULL; p++)
		if (p > b->qdev && p[-1] == '/' && (p[n] == '/' || p[n] == '\0'))
			return 1;
	return 0;
}
