/*
 * bulk.c: large arrays that live as long as a command (the entries of the guest index and the
 * device database on a host of thousands of guests). A page fault costs microseconds on a
 * virtualised host, and such a command would spend most of its time in them; so a large array
 * is mapped whole, on huge pages where the kernel has them, and populated in one call. The
 * memory is zeroed, as calloc's is. Small arrays, and sanitizer builds (whose checks need
 * malloc), use malloc.
 */
#include <sys/mman.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/bulk.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23	/* Linux 5.14; older kernels refuse it and fault as usual */
#endif

#define BULK_HEAD	64		/* the header, keeping what follows aligned */
#define BULK_MAP_MIN	(256 << 10)	/* smaller arrays are malloc's */
#define BULK_HUGE	(2 << 20)
#define BULK_HUGE_MIN	(1 << 20)
#define BULK_PAGE	4096

#if defined(__SANITIZE_ADDRESS__)
#define BULK_MAPPED	0
#else
#define BULK_MAPPED	1
#endif

struct bulk_head {
	size_t	 len;		/* what the caller asked for */
	size_t	 maplen;	/* mapped from the header on, or 0 for malloc */
};

static size_t
round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

/* A mapping of `len` bytes aligned to a huge page, the slack either side given back. */
static void *
map_aligned(size_t len)
{
	uint8_t *p, *a;
	size_t lead;

	if ((p = mmap(NULL, len + BULK_HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0)) == MAP_FAILED)
		return NULL;
	a = (uint8_t *)round_up((uintptr_t)p, BULK_HUGE);
	lead = (size_t)(a - p);
	if (lead > 0)
		munmap(p, lead);
	munmap(a + len, BULK_HUGE - lead);
	return a;
}

/* From a megabyte on, whole huge pages: a little more memory for far fewer faults. */
static struct bulk_head *
head_map(size_t len)
{
	size_t maplen = len + BULK_HEAD;
	struct bulk_head *h;

	if (maplen >= BULK_HUGE_MIN) {
		maplen = round_up(maplen, BULK_HUGE);
		if ((h = map_aligned(maplen)) == NULL)
			return NULL;
		madvise(h, maplen, MADV_HUGEPAGE);
	} else {
		maplen = round_up(maplen, BULK_PAGE);
		if ((h = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		    0)) == MAP_FAILED)
			return NULL;
	}
	madvise(h, maplen, MADV_POPULATE_WRITE);
	h->maplen = maplen;
	return h;
}

void *
bulk_alloc(size_t len)
{
	struct bulk_head *h;

	if (len > SIZE_MAX - BULK_HUGE * 2)
		return NULL;
	if (BULK_MAPPED && len >= BULK_MAP_MIN)
		h = head_map(len);
	else if ((h = calloc(1, len + BULK_HEAD)) != NULL)
		h->maplen = 0;
	if (h == NULL)
		return NULL;
	h->len = len;
	return (uint8_t *)h + BULK_HEAD;
}

static struct bulk_head *
head_of(void *p)
{
	return (struct bulk_head *)(void *)((uint8_t *)p - BULK_HEAD);
}

/* Grown (or shrunk) with its contents, as realloc's; NULL leaves `p` as it was. */
void *
bulk_realloc(void *p, size_t len)
{
	void *n;

	if (p == NULL)
		return bulk_alloc(len);
	if (head_of(p)->maplen != 0 && len + BULK_HEAD <= head_of(p)->maplen) {
		head_of(p)->len = len;		/* room enough in what is mapped */
		return p;
	}
	if ((n = bulk_alloc(len)) == NULL)
		return NULL;
	memcpy(n, p, head_of(p)->len < len ? head_of(p)->len : len);
	bulk_free(p);
	return n;
}

void
bulk_free(void *p)
{
	struct bulk_head *h;

	if (p == NULL)
		return;
	h = head_of(p);
	if (h->maplen != 0)
		munmap(h, h->maplen);
	else
		free(h);
}
