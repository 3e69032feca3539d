/*
 * guest_index_text.c: the guest index as a file: a header with the stamps of guests/ and
 * uuids/, one line per guest, and a trailer that counts them (a file cut short is damaged).
 *   <uuid> =<name> <stamp> <next-stamp> {-|N <n> <mac>...|E =<why>} {G <guest line>|X =<why>}
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bulk.h"
#include "base/hpvm_err.h"
#include "base/mac.h"
#include "base/pieces.h"
#include "base/tok.h"
#include "model/guest_index.h"

#define INDEX_HEADER	"# hpvm guest index, format 4: a cache of the configurations; hpvmdevmgmt -I rebuilds it"
#define INDEX_TRAILER	"# end: %zu guests"

static void
stamp_read(struct tok *t, char *buf, size_t len)
{
	const char *w;
	size_t n = tok_word(t, &w);

	if (n >= len)
		t->bad = 1;
	else if (n == 1 && w[0] == '-')
		buf[0] = '\0';
	else {
		memcpy(buf, w, n);
		buf[n] = '\0';
	}
}

/* The pending configuration's part: its MACs join the entry's, after the current ones. */
static void
next_read(struct tok *t, struct guest_index_ent *ent, uint8_t (*macs)[6], size_t *nmacs)
{
	const char *w;
	size_t n = tok_word(t, &w);
	long i, k;

	if (n == 1 && w[0] == '-')
		return;
	if (n == 1 && w[0] == 'E') {
		ent->next = GUEST_NEXT_UNREADABLE;
		ent->why_next = tok_str_dup(t);
		return;
	}
	if (n != 1 || w[0] != 'N') {
		t->bad = 1;
		return;
	}
	ent->next = GUEST_NEXT_OK;
	k = tok_long(t, 0, GUEST_LINE_MACS_MAX);
	for (i = 0; i < k && !t->bad; i++) {
		char mac[MAC_STR_LEN + 1];
		n = tok_word(t, &w);
		if (n != MAC_STR_LEN) {
			t->bad = 1;
			break;
		}
		memcpy(mac, w, n);
		mac[n] = '\0';
		if (mac_parse(mac, macs[(*nmacs)++]) == -1)
			t->bad = 1;
	}
}

/* One entry line, in place: the guest's line stays in the text. */
static int
entry_read(struct guest_index_ent *ent, const char *p, const char *end)
{
	uint8_t next_macs[GUEST_LINE_MACS_MAX][6], macs[GUEST_LINE_MACS_MAX][6];
	size_t nnext = 0;
	const char *kind;
	struct tok t;

	memset(ent, 0, sizeof(*ent));
	tok_init(&t, p, end);
	stamp_read(&t, ent->uuid, sizeof(ent->uuid));
	tok_str(&t, ent->name, sizeof(ent->name));
	stamp_read(&t, ent->stamp, sizeof(ent->stamp));
	stamp_read(&t, ent->next_stamp, sizeof(ent->next_stamp));
	next_read(&t, ent, next_macs, &nnext);
	if (tok_word(&t, &kind) != 1 || (kind[0] != 'G' && kind[0] != 'X'))
		return -1;
	if (kind[0] == 'X') {
		ent->state = GUEST_INDEX_UNREADABLE;
		ent->own = tok_str_dup(&t);
		ent->line = ent->own;
		ent->len = ent->own != NULL ? strlen(ent->own) : 0;
		return tok_done(&t) && ent->own != NULL ? 0 : -1;
	}
	ent->line = t.p;
	ent->len = (size_t)(end - t.p);
	if (t.bad || guest_line_summary(&t, &ent->sum, macs, GUEST_LINE_MACS_MAX) == -1 ||
	    strlen(ent->uuid) != UUID_STR_LEN || ent->name[0] == '\0' ||
	    (size_t)ent->sum.nmacs + nnext > GUEST_LINE_MACS_MAX)
		return -1;
	ent->nmacs = (size_t)ent->sum.nmacs + nnext;
	if (ent->nmacs > 0 && (ent->macs = malloc(ent->nmacs * 6)) == NULL)
		return -1;
	if (ent->nmacs > 0) {
		memcpy(ent->macs, macs, (size_t)ent->sum.nmacs * 6);
		memcpy(ent->macs + ent->sum.nmacs, next_macs, nnext * 6);
	}
	return 0;
}

static int
header_read(struct guest_index *ix, const char *p, const char *end)
{
	struct tok t;

	tok_init(&t, p, end);
	if (!tok_is(&t, "@"))
		return -1;
	stamp_read(&t, ix->guests_stamp, sizeof(ix->guests_stamp));
	stamp_read(&t, ix->uuids_stamp, sizeof(ix->uuids_stamp));
	return tok_done(&t) ? 0 : -1;
}

static int
grow(struct guest_index *ix)
{
	size_t cap = ix->cap ? ix->cap * 2 : 256;
	struct guest_index_ent *ne = bulk_realloc(ix->ent, cap * sizeof(*ne));

	if (ne == NULL)
		return -1;
	ix->ent = ne;
	ix->cap = cap;
	return 0;
}

/* The trailer, "# end: <n> guests", counts exactly the entries read. */
static int
trailer_read(const struct guest_index *ix, const char *p, const char *end)
{
	char line[64];
	size_t count, n = (size_t)(end - p);
	char c;

	if (n >= sizeof(line))
		return -1;
	memcpy(line, p, n);
	line[n] = '\0';
	return sscanf(line, INDEX_TRAILER "%c", &count, &c) == 1 && count == ix->n ? 0 : -1;
}

/* The lines, read where they are: the text is not written to (it may be the file, mapped). */
static int
entries_read(struct guest_index *ix, const char *p, const char *end)
{
	const char *nl;
	size_t lines = 0;

	/* Room for every line at once, and a few guests more for the command to add. */
	for (nl = p; nl < end && (nl = memchr(nl, '\n', (size_t)(end - nl))) != NULL; nl++)
		lines++;
	if ((ix->ent = bulk_alloc((lines + 16) * sizeof(*ix->ent))) == NULL)
		return -1;
	ix->cap = lines + 16;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return -1;
		if (*p == '#')
			return trailer_read(ix, p, nl) == 0 && nl + 1 == end ? 0 : -1;
		if ((ix->n == ix->cap && grow(ix) == -1) ||
		    entry_read(&ix->ent[ix->n], p, nl) == -1) {
			if (ix->n < ix->cap)
				ix->n++;	/* what it holds is freed with the rest */
			return -1;
		}
		ix->ent[ix->n].raw = p;
		ix->ent[ix->n].rawlen = (size_t)(nl - p);
		ix->n++;
	}
	return -1;
}

static int
text_read(struct guest_index *ix, const char *text, size_t len, struct hpvm_err *e)
{
	size_t hl = strlen(INDEX_HEADER);
	const char *end = text + len, *nl;

	if (len <= hl || memcmp(text, INDEX_HEADER "\n", hl + 1) != 0 ||
	    (nl = memchr(text + hl + 1, '\n', (size_t)(end - text) - hl - 1)) == NULL ||
	    header_read(ix, text + hl + 1, nl) == -1 || entries_read(ix, nl + 1, end) == -1) {
		guest_index_free(ix);
		return hpvm_fail(e, EINVAL, "The guest index is damaged.");
	}
	return 0;
}

/*
 * Read an index file's text (the index takes `text` over). A file that is not an index, or is
 * damaged anywhere, leaves `ix` empty: the caller rebuilds it from the configurations.
 */
int
guest_index_parse(struct guest_index *ix, char *text, size_t len, struct hpvm_err *e)
{
	guest_index_init(ix);
	ix->text = text;
	return text_read(ix, text, len, e);
}

/* The same from the file mapped (the index takes the mapping over). */
int
guest_index_parse_map(struct guest_index *ix, struct file_map *m, struct hpvm_err *e)
{
	guest_index_init(ix);
	ix->map = *m;
	m->text = NULL;
	m->len = 0;
	return ix->map.len == 0 ? hpvm_fail(e, EINVAL, "The guest index is damaged.") :
	    text_read(ix, ix->map.text, ix->map.len, e);
}

static void
next_write(FILE *f, const struct guest_index_ent *ent)
{
	char mac[MAC_STR_LEN + 1];
	size_t i;

	if (ent->next == GUEST_NEXT_NONE) {
		fputs(" -", f);
		return;
	}
	if (ent->next == GUEST_NEXT_UNREADABLE) {
		fputs(" E", f);
		tok_put_str(f, ent->why_next != NULL ? ent->why_next : "");
		return;
	}
	fprintf(f, " N %zu", ent->nmacs - (size_t)ent->sum.nmacs);
	for (i = (size_t)ent->sum.nmacs; i < ent->nmacs; i++) {
		mac_format(ent->macs[i], mac, sizeof(mac));
		fprintf(f, " %s", mac);
	}
}

static void
entry_write(FILE *f, const struct guest_index_ent *ent)
{
	fputs(ent->uuid, f);
	tok_put_str(f, ent->name);
	fputc(' ', f);
	fputs(ent->stamp[0] ? ent->stamp : "-", f);
	fputc(' ', f);
	fputs(ent->next_stamp[0] ? ent->next_stamp : "-", f);
	next_write(f, ent);
	if (ent->state == GUEST_INDEX_UNREADABLE) {
		fputs(" X", f);
		tok_put_str(f, ent->own);
	} else {
		fputs(" G ", f);
		fwrite(ent->line, 1, ent->len, f);
	}
	fputc('\n', f);
}

/* The entries that changed since the file was read, one after another; `ends[k]` where the k-th ends. */
static int
format_fresh(const struct guest_index *ix, struct guest_index_pieces *pc, size_t *ends)
{
	size_t i, k = 0, len;
	FILE *f = open_memstream(&pc->fresh, &len);

	if (f == NULL)
		return -1;
	for (i = 0; i < ix->n; i++)
		if (ix->ent[i].raw == NULL) {
			entry_write(f, &ix->ent[i]);
			ends[k++] = (size_t)ftello(f);
		}
	if (fclose(f) != 0) {
		free(pc->fresh);
		pc->fresh = NULL;
		return -1;
	}
	return 0;
}

/*
 * The whole file as pieces to write in order. Entries unchanged since the file was read are
 * its own bytes, where they are: a create among ten thousand guests formats and copies one
 * line, not all of them.
 */
int
guest_index_pieces(const struct guest_index *ix, struct guest_index_pieces *pc)
{
	size_t i, k = 0, nfresh = 0, *ends;
	int rc = 0;

	memset(pc, 0, sizeof(*pc));
	for (i = 0; i < ix->n; i++)
		nfresh += ix->ent[i].raw == NULL;
	if ((ends = calloc(nfresh + 1, sizeof(*ends))) == NULL || format_fresh(ix, pc, ends) == -1) {
		free(ends);
		return -1;
	}
	pc->headlen = (size_t)snprintf(pc->head, sizeof(pc->head), "%s\n@ %s %s\n", INDEX_HEADER,
	    ix->guests_stamp[0] ? ix->guests_stamp : "-", ix->uuids_stamp[0] ? ix->uuids_stamp : "-");
	pc->taillen = (size_t)snprintf(pc->tail, sizeof(pc->tail), INDEX_TRAILER "\n", ix->n);
	rc = pieces_add(&pc->p, pc->head, pc->headlen);
	for (i = 0; i < ix->n && rc == 0; i++) {
		const struct guest_index_ent *ent = &ix->ent[i];
		if (ent->raw != NULL)		/* the line and its newline, as read */
			rc = pieces_add(&pc->p, ent->raw, ent->rawlen + 1);
		else {
			rc = pieces_add(&pc->p, pc->fresh + (k > 0 ? ends[k - 1] : 0),
			    ends[k] - (k > 0 ? ends[k - 1] : 0));
			k++;
		}
	}
	if (rc == 0)
		rc = pieces_add(&pc->p, pc->tail, pc->taillen);
	free(ends);
	if (rc == -1)
		guest_index_pieces_free(pc);
	return rc;
}

void
guest_index_pieces_free(struct guest_index_pieces *pc)
{
	pieces_free(&pc->p);
	free(pc->fresh);
	memset(pc, 0, sizeof(*pc));
}

/* The whole file's text in one piece; free *out. */
int
guest_index_format(const struct guest_index *ix, char **out, size_t *len)
{
	struct guest_index_pieces pc;
	int rc;

	if (guest_index_pieces(ix, &pc) == -1)
		return -1;
	rc = pieces_join(&pc.p, out, len);
	guest_index_pieces_free(&pc);
	return rc;
}
