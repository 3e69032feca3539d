/* host_boot.c: hpvmhost start and stop: HP's order at boot (biggest guests first), and a bounded graceful shutdown. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "model/guest.h"
#include "ops/host_boot.h"
#include "ops/vswitch_admin.h"
#include "store/guest_store.h"
#include "store/hostrdev.h"
#include "vmm/guest_power.h"
#include "vmm/runtime.h"
#include "vmm/start_check.h"

struct candidate {
	char	name[GUEST_NAME_MAX + 1];
	long	weight;
};

/* HP starts the biggest guests first: memory weight plus processor weight. */
static long
weight(const struct guest *g)
{
	return (long)g->memory_mb + 1024L * g->vcpus;
}

static int
by_weight(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return strcmp(x->name, y->name);
}

struct candidates {
	struct candidate	*c;
	size_t			 n;
};

static int
collect_auto(const struct guest *g, void *arg)
{
	struct candidates *cs = arg;
	struct candidate *nc;

	if (!g->start_auto || !g->runnable)
		return 0;
	if ((nc = realloc(cs->c, (cs->n + 1) * sizeof(*nc))) == NULL)
		return -1;
	cs->c = nc;
	snprintf(nc[cs->n].name, sizeof(nc[0].name), "%s", g->name);
	nc[cs->n++].weight = weight(g);
	return 0;
}

/* The guests marked to start with the host, heaviest first. */
static struct candidate *
auto_guests(size_t *n, struct hpvm_err *e)
{
	struct candidates cs = { 0 };

	if (guest_store_each(collect_auto, &cs, e) == -1) {
		free(cs.c);
		hpvm_fail(e, ENOMEM, "Out of memory.");
		return NULL;
	}
	qsort(cs.c, cs.n, sizeof(*cs.c), by_weight);
	*n = cs.n;
	return cs.c != NULL ? cs.c : calloc(1, sizeof(*cs.c));
}

/* Host storage is restricted and vswitches are up before any guest starts; one failed guest stops none of the others. */
int
host_boot_start(host_boot_report report, void *arg, struct hpvm_err *e)
{
	struct candidate *c;
	size_t i, n;
	int failed = 0;

	if (hostrdev_enabled() && hostrdev_run(e) == -1)
		failed++;
	if (vswitch_admin_boot_all(e) == -1)
		failed++;
	if ((c = auto_guests(&n, e)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		struct start_problems p;
		struct hpvm_err ge = { 0 };
		int rc = guest_power_on(c[i].name, GUEST_POWER_CHECKED, &p, &ge);
		if (rc == -1)
			failed++;
		report(c[i].name, rc, &p, &ge, arg);
	}
	free(c);
	return failed ? -1 : 0;
}

static int
running(const char *name)
{
	char uuid[UUID_STR_LEN + 1];

	return guest_store_lookup(name, uuid, sizeof(uuid), NULL) == 0 && runtime_is_running(uuid);
}

/* Press every guest's power button at once, wait up to `wait_seconds` in all, then turn off what is left. */
int
host_boot_stop(int wait_seconds, host_boot_report report, void *arg, struct hpvm_err *e)
{
	struct guest_store_list l;
	size_t i;
	int left, failed = 0;

	if (guest_store_list(&l, GUEST_LIST_READ, e) == -1)
		return -1;
	for (i = 0; i < l.n; i++)
		if (running(l.names[i]))
			guest_power_off(l.names[i], GUEST_POWER_GRACEFUL, 0, NULL);
	for (left = wait_seconds * 10; left > 0; left--) {
		size_t up = 0;
		for (i = 0; i < l.n; i++)
			up += (size_t)running(l.names[i]);
		if (up == 0)
			break;
		usleep(100000);
	}
	for (i = 0; i < l.n; i++) {
		struct hpvm_err ge = { 0 };
		int rc;
		if (!running(l.names[i]))
			continue;
		hpvm_warn(&ge, "did not shut down within %d seconds; turning it off.", wait_seconds);
		if ((rc = guest_power_off(l.names[i], GUEST_POWER_HARD, 0, &ge)) == -1)
			failed++;
		report(l.names[i], rc, NULL, &ge, arg);
	}
	guest_store_list_free(&l);
	return failed ? -1 : 0;
}
