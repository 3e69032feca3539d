/*
 * keytab.c: the items of an array found by a string key: open addressing, linear probing, at
 * most half full. The device database and the guest index each hold tens of thousands of keys,
 * and a probe that read every item it passed would miss the cache on each; a slot keeps the
 * key's hash, so only an item whose hash matches is read.
 */
#include <string.h>

#include "base/bulk.h"
#include "base/keytab.h"
#include "base/str.h"

uint32_t
keytab_hash(const char *key)
{
	size_t h = str_hash(key);

	return (uint32_t)(h ^ (h >> 31 >> 1));
}

/* Room for `items` items, none in it yet. 0, or -1 when memory ran out (the table is then empty). */
int
keytab_build(struct keytab *t, size_t items)
{
	size_t cap = 64;

	while (cap < 2 * items + 2)
		cap *= 2;
	keytab_free(t);
	if (items >= UINT32_MAX || (t->slot = bulk_alloc(cap * sizeof(*t->slot))) == NULL)
		return -1;
	t->cap = cap;
	return 0;
}

/* May `items` items be in the table? Past that, probes grow long: build it again. */
int
keytab_has_room(const struct keytab *t, size_t items)
{
	return t->cap >= 2 * items + 2;
}

void
keytab_free(struct keytab *t)
{
	bulk_free(t->slot);
	t->slot = NULL;
	t->cap = 0;
}

/* Item `item` under `key`, unless an item has that key already: -1, or that item. */
long
keytab_add(struct keytab *t, const char *key, uint32_t hash, size_t item, keytab_key_fn key_of,
    const void *arg)
{
	size_t h;

	for (h = hash & (t->cap - 1); t->slot[h].item != 0; h = (h + 1) & (t->cap - 1))
		if (t->slot[h].hash == hash && strcmp(key_of(t->slot[h].item - 1, arg), key) == 0)
			return (long)t->slot[h].item - 1;
	t->slot[h].item = (uint32_t)(item + 1);
	t->slot[h].hash = hash;
	return -1;
}

/* Item `item`, whose key no other item has. */
void
keytab_put(struct keytab *t, uint32_t hash, size_t item)
{
	size_t h;

	for (h = hash & (t->cap - 1); t->slot[h].item != 0; h = (h + 1) & (t->cap - 1))
		;
	t->slot[h].item = (uint32_t)(item + 1);
	t->slot[h].hash = hash;
}

/* The item with `key`, or -1. */
long
keytab_find(const struct keytab *t, const char *key, uint32_t hash, keytab_key_fn key_of,
    const void *arg)
{
	size_t h;

	if (t->cap == 0)
		return -1;
	for (h = hash & (t->cap - 1); t->slot[h].item != 0; h = (h + 1) & (t->cap - 1))
		if (t->slot[h].hash == hash && strcmp(key_of(t->slot[h].item - 1, arg), key) == 0)
			return (long)t->slot[h].item - 1;
	return -1;
}
