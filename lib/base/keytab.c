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

static uint32_t
key_hash(const char *key)
{
	size_t h = str_hash(key);

	return (uint32_t)(h ^ (h >> 31 >> 1));
}

/*
 * Room for `room` items, holding items [0, n) of the caller's array: 0, or -1 when memory ran
 * out (the table is then empty). Their keys must differ.
 */
int
keytab_build(struct keytab *t, size_t room, size_t n, keytab_key_fn key_of, const void *arg)
{
	size_t cap = 64, i;

	while (cap < 2 * room + 2)
		cap *= 2;
	keytab_free(t);
	if (room >= UINT32_MAX || n > room || (t->slot = bulk_alloc(cap * sizeof(*t->slot))) == NULL)
		return -1;
	t->cap = cap;
	for (i = 0; i < n; i++)
		keytab_add(t, i, key_of, arg);
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

/* Where `key` is, or the free slot where it would go. */
static size_t
probe(const struct keytab *t, const char *key, uint32_t hash, keytab_key_fn key_of, const void *arg)
{
	size_t h;

	for (h = hash & (t->cap - 1); t->slot[h].item != 0; h = (h + 1) & (t->cap - 1))
		if (t->slot[h].hash == hash && strcmp(key_of(t->slot[h].item - 1, arg), key) == 0)
			break;
	return h;
}

/* Item `item`, unless another item has its key already: -1, or that other item. */
long
keytab_add(struct keytab *t, size_t item, keytab_key_fn key_of, const void *arg)
{
	const char *key = key_of(item, arg);
	uint32_t hash = key_hash(key);
	size_t h = probe(t, key, hash, key_of, arg);

	if (t->slot[h].item != 0)
		return (long)t->slot[h].item - 1;
	t->slot[h].item = (uint32_t)(item + 1);
	t->slot[h].hash = hash;
	return -1;
}

/* The item with `key`, or -1. */
long
keytab_find(const struct keytab *t, const char *key, keytab_key_fn key_of, const void *arg)
{
	size_t h;

	if (t->cap == 0)
		return -1;
	h = probe(t, key, key_hash(key), key_of, arg);
	return t->slot[h].item != 0 ? (long)t->slot[h].item - 1 : -1;
}

/*
 * The item with `key` among items [0, n): the table is built when it is missing or too full, and
 * the items are searched one by one when memory for it is short.
 */
long
keytab_lookup(struct keytab *t, size_t n, const char *key, keytab_key_fn key_of, const void *arg)
{
	size_t i;

	if (keytab_has_room(t, n) || keytab_build(t, n, n, key_of, arg) == 0)
		return keytab_find(t, key, key_of, arg);
	for (i = 0; i < n; i++)
		if (strcmp(key_of(i, arg), key) == 0)
			return (long)i;
	return -1;
}

/*
 * Item `item`, new at the end: added while the table has room, else the table goes, to be built
 * again when next looked in.
 */
void
keytab_append(struct keytab *t, size_t item, keytab_key_fn key_of, const void *arg)
{
	if (keytab_has_room(t, item + 1))
		keytab_add(t, item, key_of, arg);
	else
		keytab_free(t);
}
