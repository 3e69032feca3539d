/*
 * guest_index.h: what commands need about every configured guest, held in one place: names,
 * UUIDs, VM numbers, MACs, sizes and each guest's whole configuration as a line. A cache of
 * the configurations, never the truth: the store checks each entry against its file (stamps).
 */
#ifndef HPVM_GUEST_INDEX_H
#define HPVM_GUEST_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/file_map.h"
#include "base/keytab.h"
#include "base/name.h"
#include "base/pieces.h"
#include "base/uuid.h"
#include "model/guest_line.h"

struct guest;
struct hpvm_err;

#define GUEST_INDEX_STAMP_LEN	104	/* what the store records of a file to see that it changed */
#define GUEST_INDEX_WHY_LEN	512

enum guest_index_state { GUEST_INDEX_OK, GUEST_INDEX_UNREADABLE };
enum guest_index_next { GUEST_NEXT_NONE, GUEST_NEXT_OK, GUEST_NEXT_UNREADABLE };

struct guest_index_ent {
	char			 uuid[UUID_STR_LEN + 1];
	char			 name[GUEST_NAME_MAX + 1];
	char			 stamp[GUEST_INDEX_STAMP_LEN];		/* vmm_config.current */
	char			 next_stamp[GUEST_INDEX_STAMP_LEN];	/* vmm_config.next, "" if none */
	enum guest_index_state	 state;
	enum guest_index_next	 next;
	struct guest_summary	 sum;
	uint8_t			(*macs)[6];	/* the current configuration's, then the pending one's */
	size_t			 nmacs;
	const char		*line;		/* the guest's line (guest_line), or why it is unreadable */
	size_t			 len;
	char			*why_next;	/* why vmm_config.next is unreadable */
	char			*own;		/* `line` when it is not in the index's text */
	const char		*raw;		/* the entry's line in the file, while it is unchanged */
	size_t			 rawlen;
};

struct guest_index {
	struct guest_index_ent	*ent;
	size_t			 n, cap;
	char			*text;		/* the file entries were read from, in memory; lines point into it */
	struct file_map		 map;		/* or the file, mapped */
	char			 guests_stamp[GUEST_INDEX_STAMP_LEN];	/* the guests/ directory */
	char			 uuids_stamp[GUEST_INDEX_STAMP_LEN];	/* the uuids/ directory */
	long			 skip;		/* entry the uniqueness checks leave out, or -1 */
	int			 changed;	/* differs from the file it was read from */
	struct keytab		 uuids;		/* by UUID; empty (cap 0) to rebuild */
};

void			 guest_index_init(struct guest_index *ix);
void			 guest_index_free(struct guest_index *ix);
struct guest_index_ent	*guest_index_find(struct guest_index *ix, const char *uuid);
int			 guest_index_set(struct guest_index *ix, const char *name, const char *stamp,
			    const struct guest *g, const char *const *ids);
int			 guest_index_set_unreadable(struct guest_index *ix, const char *uuid,
			    const char *name, const char *stamp, const char *why);
int			 guest_index_set_next(struct guest_index *ix, struct guest_index_ent *ent,
			    const char *stamp, const struct guest *next, const char *why);
void			 guest_index_remove(struct guest_index *ix, const char *uuid);
void			 guest_index_skip(struct guest_index *ix, const char *name);
void			 guest_index_sort(struct guest_index *ix);
int			 guest_index_guest(const struct guest_index_ent *ent, struct guest *g);
int			 guest_index_next_vmnum(const struct guest_index *ix);
const char		*guest_index_mac_owner(const struct guest_index *ix, const uint8_t mac[6]);
void			 guest_index_ports(const struct guest_index *ix, const char *vswitch,
			    const char *skip, int *count, int max);

int			 guest_index_parse(struct guest_index *ix, char *text, size_t len,
			    struct hpvm_err *e);
int			 guest_index_parse_map(struct guest_index *ix, struct file_map *m,
			    struct hpvm_err *e);
/* The index file as pieces to write (pointing into the index and into `fresh`). */
struct guest_index_pieces {
	struct pieces		 p;
	char			*fresh;		/* the lines of entries that changed */
	char			 head[160 + 2 * GUEST_INDEX_STAMP_LEN];
	char			 tail[64];
	size_t			 headlen, taillen;
};

int			 guest_index_pieces(const struct guest_index *ix,
			    struct guest_index_pieces *pc);
void			 guest_index_pieces_free(struct guest_index_pieces *pc);
int			 guest_index_format(const struct guest_index *ix, char **out, size_t *len);

#endif
