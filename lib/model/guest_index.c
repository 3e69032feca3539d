/* guest_index.c: the entries of the guest index, found by UUID, and the values a new or changed guest must not repeat. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bulk.h"
#include "base/str.h"
#include "base/tok.h"
#include "model/guest.h"
#include "model/guest_index.h"

void
guest_index_init(struct guest_index *ix)
{
	memset(ix, 0, sizeof(*ix));
	ix->skip = -1;
}

static void
ent_free(struct guest_index_ent *ent)
{
	free(ent->macs);
	free(ent->why_next);
	free(ent->own);
}

void
guest_index_free(struct guest_index *ix)
{
	size_t i;

	for (i = 0; i < ix->n; i++)
		ent_free(&ix->ent[i]);
	bulk_free(ix->ent);
	free(ix->text);
	file_unmap(&ix->map);
	keytab_free(&ix->uuids);
	guest_index_init(ix);
}

static const char *
ent_key(size_t i, const void *arg)
{
	const struct guest_index *ix = arg;

	return ix->ent[i].uuid;
}

/* The table is built when first needed; entries moved or removed drop it. */
struct guest_index_ent *
guest_index_find(struct guest_index *ix, const char *uuid)
{
	long k = keytab_lookup(&ix->uuids, ix->n, uuid, ent_key, ix);

	return k < 0 ? NULL : &ix->ent[k];
}

/* The entry for `uuid`, emptied for new contents: the one there is, or a new one at the end. */
static struct guest_index_ent *
ent_fresh(struct guest_index *ix, const char *uuid, const char *name, const char *stamp)
{
	struct guest_index_ent *ent = guest_index_find(ix, uuid);

	if (ent == NULL) {
		if (ix->n == ix->cap) {
			size_t cap = ix->cap ? ix->cap * 2 : 64;
			struct guest_index_ent *ne = bulk_realloc(ix->ent, cap * sizeof(*ne));
			if (ne == NULL)
				return NULL;
			ix->ent = ne;
			ix->cap = cap;
		}
		ent = &ix->ent[ix->n++];
		memset(ent, 0, sizeof(*ent));
		snprintf(ent->uuid, sizeof(ent->uuid), "%s", uuid);
		keytab_append(&ix->uuids, ix->n - 1, ent_key, ix);
	} else {
		ent_free(ent);
		memset(ent->name, 0, sizeof(*ent) - offsetof(struct guest_index_ent, name));
	}
	snprintf(ent->name, sizeof(ent->name), "%s", name);
	snprintf(ent->stamp, sizeof(ent->stamp), "%s", stamp);
	ix->changed = 1;
	return ent;
}

/* Read the summary and MACs back from the entry's own line, so the two can never disagree. */
static int
ent_summarize(struct guest_index_ent *ent)
{
	struct tok t;

	tok_init(&t, ent->line, ent->line + ent->len);
	if (guest_line_summary(&t, &ent->sum, NULL, 0) == -1)
		return -1;
	if (ent->sum.nmacs > 0 && (ent->macs = calloc((size_t)ent->sum.nmacs, 6)) == NULL)
		return -1;
	ent->nmacs = (size_t)ent->sum.nmacs;
	tok_init(&t, ent->line, ent->line + ent->len);
	return guest_line_summary(&t, &ent->sum, ent->macs, ent->nmacs);
}

/* Record guest `g` (its configuration as it was just read or written, stamped `stamp`). */
int
guest_index_set(struct guest_index *ix, const char *name, const char *stamp, const struct guest *g,
    const char *const *ids)
{
	struct guest_index_ent *ent;
	char *line = NULL;
	size_t len = 0;
	FILE *f;

	if ((f = open_memstream(&line, &len)) == NULL)
		return -1;
	guest_line_format(f, g, ids);
	if (fclose(f) != 0) {
		free(line);
		return -1;
	}
	ent = guest_index_find(ix, g->uuid);
	if (ent != NULL && ent->state == GUEST_INDEX_OK && ent->len == len &&
	    memcmp(ent->line, line, len) == 0 && strcmp(ent->name, name) == 0 &&
	    strcmp(ent->stamp, stamp) == 0) {
		free(line);		/* the same as before: the index need not be written */
		return 0;
	}
	if ((ent = ent_fresh(ix, g->uuid, name, stamp)) == NULL) {
		free(line);
		return -1;
	}
	ent->own = line;
	ent->line = line;
	ent->len = len;
	return ent_summarize(ent);
}

/* Record a guest whose configuration does not read, and why: it is named, and holds nothing. */
int
guest_index_set_unreadable(struct guest_index *ix, const char *uuid, const char *name,
    const char *stamp, const char *why)
{
	struct guest_index_ent *ent = ent_fresh(ix, uuid, name, stamp);

	if (ent == NULL || (ent->own = strdup(why)) == NULL)
		return -1;
	ent->state = GUEST_INDEX_UNREADABLE;
	ent->line = ent->own;
	ent->len = strlen(why);
	return 0;
}

/* The pending configuration (vmm_config.next): none (stamp ""), `next`, or unreadable for `why`. */
int
guest_index_set_next(struct guest_index *ix, struct guest_index_ent *ent, const char *stamp,
    const struct guest *next, const char *why)
{
	size_t i, n = 0;
	uint8_t (*nm)[6];

	if (strcmp(stamp, ent->next_stamp) != 0 || ent->next != GUEST_NEXT_NONE || stamp[0] != '\0') {
		ix->changed = 1;
		ent->raw = NULL;	/* written anew, not copied */
	}
	free(ent->why_next);
	ent->why_next = NULL;
	ent->nmacs = (size_t)ent->sum.nmacs;
	snprintf(ent->next_stamp, sizeof(ent->next_stamp), "%s", stamp);
	ent->next = stamp[0] == '\0' ? GUEST_NEXT_NONE : next != NULL ? GUEST_NEXT_OK :
	    GUEST_NEXT_UNREADABLE;
	if (ent->next == GUEST_NEXT_UNREADABLE)
		return (ent->why_next = strdup(why != NULL ? why : "")) == NULL ? -1 : 0;
	if (ent->next == GUEST_NEXT_NONE)
		return 0;
	for (i = 0; i < next->ndevs; i++)
		n += next->devs[i].type == DEV_NETWORK && next->devs[i].has_mac;
	if ((nm = realloc(ent->macs, (ent->nmacs + n + 1) * 6)) == NULL)
		return -1;
	ent->macs = nm;
	for (i = 0; i < next->ndevs; i++)
		if (next->devs[i].type == DEV_NETWORK && next->devs[i].has_mac)
			memcpy(ent->macs[ent->nmacs++], next->devs[i].mac, 6);
	return 0;
}

void
guest_index_remove(struct guest_index *ix, const char *uuid)
{
	struct guest_index_ent *ent = guest_index_find(ix, uuid);
	size_t i;

	if (ent == NULL)
		return;
	i = (size_t)(ent - ix->ent);
	ent_free(ent);
	memmove(ent, ent + 1, (ix->n - i - 1) * sizeof(*ent));
	ix->n--;
	if (ix->skip == (long)i)
		ix->skip = -1;
	else if (ix->skip > (long)i)
		ix->skip--;
	keytab_free(&ix->uuids);
	ix->changed = 1;
}

/* Leave guest `name` out of the uniqueness checks: it is the one being changed. */
void
guest_index_skip(struct guest_index *ix, const char *name)
{
	size_t i;

	ix->skip = -1;
	for (i = 0; name != NULL && i < ix->n; i++)
		if (strcmp(ix->ent[i].name, name) == 0)
			ix->skip = (long)i;
}

static int
by_vmnum(const void *a, const void *b)
{
	const struct guest_index_ent *x = a, *y = b;

	if (x->sum.vmnum != y->sum.vmnum)
		return (x->sum.vmnum > y->sum.vmnum) - (x->sum.vmnum < y->sum.vmnum);
	return strcmp(x->name, y->name);
}

/* By VM number, as hpvmstatus lists them; a sorted index stays as it is. */
void
guest_index_sort(struct guest_index *ix)
{
	size_t i;
	char skipped[GUEST_NAME_MAX + 1] = "";

	for (i = 1; i < ix->n && by_vmnum(&ix->ent[i - 1], &ix->ent[i]) <= 0; i++)
		;
	if (i >= ix->n)
		return;
	if (ix->skip >= 0)
		snprintf(skipped, sizeof(skipped), "%s", ix->ent[ix->skip].name);
	if (ix->n > 0)
		qsort(ix->ent, ix->n, sizeof(*ix->ent), by_vmnum);
	keytab_free(&ix->uuids);
	guest_index_skip(ix, skipped[0] != '\0' ? skipped : NULL);
}

/* The whole configuration an entry holds. 0, or -1 (an unreadable guest, a damaged line). */
int
guest_index_guest(const struct guest_index_ent *ent, struct guest *g)
{
	if (ent->state != GUEST_INDEX_OK || guest_line_parse(ent->line, ent->len, g) == -1) {
		guest_init(g);
		return -1;
	}
	str_copy(g->name, sizeof(g->name), ent->name);
	str_copy(g->uuid, sizeof(g->uuid), ent->uuid);
	return 0;
}

/* The lowest VM number nobody holds. */
int
guest_index_next_vmnum(const struct guest_index *ix)
{
	unsigned char *used = calloc(ix->n + 2, 1);
	size_t i;
	int n = 0;

	if (used == NULL) {		/* past the highest is free for certain */
		for (i = 0; i < ix->n; i++)
			if (ix->ent[i].sum.vmnum > n)
				n = ix->ent[i].sum.vmnum;
		return n + 1;
	}
	for (i = 0; i < ix->n; i++)
		if ((long)i != ix->skip && ix->ent[i].sum.vmnum > 0 &&
		    (size_t)ix->ent[i].sum.vmnum <= ix->n + 1)
			used[ix->ent[i].sum.vmnum] = 1;
	for (n = 1; used[n]; n++)
		;
	free(used);
	return n;
}

/* For each of `max` ports of `vswitch`, how many guests but `skip` hold it in their configurations. */
void
guest_index_ports(const struct guest_index *ix, const char *vswitch, const char *skip, int *count,
    int max)
{
	const struct guest_index_ent *ent;
	size_t i;

	memset(count, 0, (size_t)max * sizeof(*count));
	for (i = 0; i < ix->n; i++) {
		ent = &ix->ent[i];
		if (ent->state == GUEST_INDEX_OK && ent->sum.nports > 0 &&
		    (skip == NULL || strcmp(ent->name, skip) != 0))
			guest_line_ports(&ent->sum, ent->line + ent->len, vswitch, count, max);
	}
}

const char *
guest_index_mac_owner(const struct guest_index *ix, const uint8_t mac[6])
{
	size_t i, j;

	for (i = 0; i < ix->n; i++)
		for (j = 0; (long)i != ix->skip && j < ix->ent[i].nmacs; j++)
			if (memcmp(ix->ent[i].macs[j], mac, 6) == 0)
				return ix->ent[i].name;
	return NULL;
}
