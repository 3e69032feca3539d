/*
 * guest_stamp.c: the stamp of a guest's configuration file (inode, size, change and
 * modification times), and the stamps of every guest of an index at once: one stat a guest is
 * what keeps the index honest, so with many guests the stats are shared between two threads.
 */
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>

#include "base/par.h"
#include "base/uuid.h"
#include "store/guest_stamp.h"

#define STAMP_THREAD_MIN	1024	/* the fewest guests worth a thread of their own */

static char *
hex(char *p, unsigned long long v)
{
	char d[16];
	int n = 0;

	do
		d[n++] = "0123456789abcdef"[v & 15];
	while ((v >>= 4) != 0);
	while (n > 0)
		*p++ = d[--n];
	return p;
}

/*
 * Inode, size, change and modification times, in hex. Any write changes one of these (the
 * kernel's fine-grained change times tell apart writes made within the same clock tick once
 * one was looked at).
 */
void
guest_stamp_format(const struct stat *st, char *buf, size_t len)
{
	const unsigned long long f[] = { (unsigned long long)st->st_ino,
	    (unsigned long long)st->st_size, (unsigned long long)st->st_ctim.tv_sec,
	    (unsigned long long)st->st_ctim.tv_nsec, (unsigned long long)st->st_mtim.tv_sec,
	    (unsigned long long)st->st_mtim.tv_nsec };
	char tmp[GUEST_INDEX_STAMP_LEN], *p = tmp;
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (i > 0)
			*p++ = '.';
		p = hex(p, f[i]);
	}
	*p = '\0';
	snprintf(buf, len, "%s", tmp);
}

/* The stamp of a slot ("current", "next") of guest `uuid`; "" when the file is not there. */
void
guest_stamp_slot(int uuids_fd, const char *uuid, const char *slot, char *buf, size_t len)
{
	char rel[UUID_STR_LEN + 32];
	size_t n = strlen(slot);
	struct stat st;

	buf[0] = '\0';
	if (strlen(uuid) != UUID_STR_LEN || n > 16)
		return;
	memcpy(rel, uuid, UUID_STR_LEN);
	memcpy(rel + UUID_STR_LEN, "/vmm_config.", 12);
	memcpy(rel + UUID_STR_LEN + 12, slot, n + 1);
	if (fstatat(uuids_fd, rel, &st, 0) == 0)
		guest_stamp_format(&st, buf, len);
}

struct share {
	int				 uuids_fd;
	const struct guest_index	*ix;
	guest_stamp			*out;
};

static void
stamp_range(size_t from, size_t to, void *arg)
{
	const struct share *s = arg;
	size_t i;

	for (i = from; i < to; i++)
		guest_stamp_slot(s->uuids_fd, s->ix->ent[i].uuid, "current", s->out[i],
		    sizeof(s->out[i]));
}

/* Each entry's vmm_config.current stamp into out[i]; shared between threads when there are many. */
void
guest_stamp_all(int uuids_fd, const struct guest_index *ix, guest_stamp *out)
{
	struct share s = { uuids_fd, ix, out };

	par_split(ix->n, STAMP_THREAD_MIN, stamp_range, &s);
}
