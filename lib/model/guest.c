/* guest.c: the guest model: defaults, OS limits (HP Table 3-1), the rules of sizes, device list and console ACLs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/guest.h"

/* HP Integrity VM A.03.50 Table 3-1; minimums rounded up to the 64 MB memory granule. */
static const struct os_limits limits[] = {
	[OS_UNKNOWN] = { "UNKNOWN", 4, 2048, 64, 131072 },
	[OS_HPUX]    = { "HPUX",    4, 2048, 512, 65536 },
	[OS_LINUX]   = { "LINUX",   4, 2048, 512, 65536 },
	[OS_WINDOWS] = { "WINDOWS", 4, 2048, 512, 65536 },
};

const struct os_limits *
guest_os_limits(enum ostype os)
{
	return &limits[os];
}

int
guest_os_parse(const char *s, enum ostype *os)
{
	static const struct { const char *n; enum ostype o; } names[] = {
		{ "hpux", OS_HPUX }, { "hp-ux", OS_HPUX }, { "linux", OS_LINUX },
		{ "windows", OS_WINDOWS }, { "unknown", OS_UNKNOWN },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(s, names[i].n) == 0) {
			*os = names[i].o;
			return 0;
		}
	return -1;
}

/* -E cycles as whole percent of one host processor, rounded up (HP [5.12]). */
int
guest_cycles_percent(int cycles, int host_mhz)
{
	return host_mhz > 0 ? (int)(((long)cycles * 100 + host_mhz - 1) / host_mhz) : 0;
}

void
guest_init(struct guest *g)
{
	memset(g, 0, sizeof(*g));
	g->vmnum = 0;
	g->os = OS_UNKNOWN;
	g->vcpus = 1;
	g->ent_min = 10;
	g->ent_max = 100;
	g->memory_mb = limits[OS_UNKNOWN].default_mb;
	g->runnable = g->modifiable = g->visible = g->registered = 1;
}

/*
 * One device array guest_free keeps for the next guest_device_add. A listing reads and frees
 * ten thousand guests one after another; each first device array is a 9 KB request, and glibc
 * answers every request that large by consolidating all the small chunks freed since (the
 * previous guest's XML nodes): a sixth of hpvmstatus -X went there. Per thread, so no lock;
 * not under AddressSanitizer, which should see every array freed.
 */
static _Thread_local struct device *devs_spare;
#if defined(__SANITIZE_ADDRESS__)
#define DEVS_KEEP	0
#else
#define DEVS_KEEP	1
#endif

#define DEVS_FIRST	8	/* a first array's capacity */

void
guest_free(struct guest *g)
{
	size_t i;

	for (i = 0; i < g->ndevs; i++)
		device_free(&g->devs[i]);
	if (DEVS_KEEP && g->capdevs == DEVS_FIRST && devs_spare == NULL)
		devs_spare = g->devs;
	else
		free(g->devs);
	g->devs = NULL;
	g->ndevs = g->capdevs = 0;
}

/* Append a copy of `d` (its spec string is duplicated). */
int
guest_device_add(struct guest *g, const struct device *d)
{
	struct device *nd;

	if (g->ndevs == g->capdevs) {
		size_t cap = g->capdevs ? g->capdevs * 2 : DEVS_FIRST;
		if (g->devs == NULL && devs_spare != NULL) {
			nd = devs_spare;
			devs_spare = NULL;
		} else if ((nd = realloc(g->devs, cap * sizeof(*nd))) == NULL)
			return -1;
		g->devs = nd;
		g->capdevs = cap;
	}
	if (device_copy(&g->devs[g->ndevs], d) == -1)
		return -1;
	g->ndevs++;
	return 0;
}

void
guest_device_remove(struct guest *g, size_t i)
{
	device_free(&g->devs[i]);
	memmove(&g->devs[i], &g->devs[i + 1], (g->ndevs - i - 1) * sizeof(g->devs[0]));
	g->ndevs--;
}

int
guest_copy(struct guest *dst, const struct guest *src)
{
	size_t i;

	*dst = *src;
	dst->devs = NULL;
	dst->ndevs = dst->capdevs = 0;
	for (i = 0; i < src->ndevs; i++)
		if (guest_device_add(dst, &src->devs[i]) == -1) {
			guest_free(dst);
			return -1;
		}
	return 0;
}

/* Add or change an ACL entry; -1 when the list is full. */
int
guest_acl_set(struct acl *list, int *n, const char *name, enum acl_level level)
{
	int i;

	for (i = 0; i < *n; i++)
		if (strcmp(list[i].name, name) == 0) {
			list[i].level = level;
			return 0;
		}
	if (*n == ACL_MAX || strlen(name) > ACL_NAME_MAX)
		return -1;
	strcpy(list[*n].name, name);
	list[*n].level = level;
	(*n)++;
	return 0;
}

/* Remove an ACL entry; -1 if it was not there. */
int
guest_acl_remove(struct acl *list, int *n, const char *name)
{
	int i;

	for (i = 0; i < *n; i++)
		if (strcmp(list[i].name, name) == 0) {
			memmove(&list[i], &list[i + 1], (size_t)(*n - i - 1) * sizeof(*list));
			(*n)--;
			return 0;
		}
	return -1;
}

/*
 * May `user`, a member of `groups`, use the guest's console, and how? Their own entry and
 * every group's count; the higher level wins. 1 and *level set, or 0 for no access.
 */
int
guest_acl_level(const struct guest *g, const char *user, const char *const *groups, int ngroups,
    enum acl_level *level)
{
	int i, k, found = 0;

	*level = ACL_OPER;
	for (i = 0; i < g->nusers; i++)
		if (strcmp(g->users[i].name, user) == 0) {
			found = 1;
			if (g->users[i].level == ACL_ADMIN)
				*level = ACL_ADMIN;
		}
	for (i = 0; i < g->ngroups; i++)
		for (k = 0; k < ngroups; k++)
			if (strcmp(g->groups[i].name, groups[k]) == 0) {
				found = 1;
				if (g->groups[i].level == ACL_ADMIN)
					*level = ACL_ADMIN;
			}
	return found;
}

/* How many NICs or storage devices the guest has: hpvmstatus's #Nets and #Devs. */
size_t
guest_count_devices(const struct guest *g, enum device_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < g->ndevs; i++)
		if ((g->devs[i].type == DEV_NETWORK) == (kind == DEVICES_NICS))
			n++;
	return n;
}
