/* keytab.h: the items of an array found by a string key, for tables of thousands (devices, guests). */
#ifndef HPVM_KEYTAB_H
#define HPVM_KEYTAB_H

#include <stddef.h>
#include <stdint.h>

/* A slot keeps its key's hash, so a probe rarely has to read the item itself. */
struct keytab_slot {
	uint32_t	item;		/* the item + 1; 0 for a free slot */
	uint32_t	hash;
};

struct keytab {
	struct keytab_slot	*slot;
	size_t			 cap;		/* a power of two; 0 before keytab_build */
};

/* The key of item `i` of the caller's array. */
typedef const char	*(*keytab_key_fn)(size_t i, const void *arg);

int		keytab_build(struct keytab *t, size_t room, size_t n, keytab_key_fn key_of,
		    const void *arg);
int		keytab_has_room(const struct keytab *t, size_t items);
void		keytab_free(struct keytab *t);
long		keytab_add(struct keytab *t, size_t item, keytab_key_fn key_of, const void *arg);
long		keytab_find(const struct keytab *t, const char *key, keytab_key_fn key_of,
		    const void *arg);
long		keytab_lookup(struct keytab *t, size_t n, const char *key, keytab_key_fn key_of,
		    const void *arg);
void		keytab_append(struct keytab *t, size_t item, keytab_key_fn key_of, const void *arg);

#endif
