/* hpvmhost: host start and shutdown: start "auto" guests largest first, stop running guests gracefully with a bounded wait. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "err.h"
#include "guest.h"
#include "guest_run.h"
#include "guest_store.h"
#include "hostrdev.h"
#include "runtime.h"
#include "vswitch_ops.h"

struct candidate {
	char	name[GUEST_NAME_MAX + 1];
	long	weight;
};

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: hpvmhost start | stop [-w seconds]\n");
	exit(2);
}

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

static int
host_start(void)
{
	struct guest_list l;
	struct candidate *c;
	struct hpvm_err e = {0};
	size_t i, n = 0;
	int failed = 0;

	/* Host storage is restricted before any guest can be given it (hpvmhostrdev -D turns this off). */
	if (hostrdev_enabled() && hostrdev_run(&e) == -1)
		failed = hpvm_report("hpvmhost", NULL, &e);
	hpvm_err_clear(&e);
	/* Vswitches next: auto guests need their ports. */
	if (vswitch_boot_all(&e) == -1)
		failed = hpvm_report("hpvmhost", NULL, &e);
	hpvm_err_clear(&e);
	if (guest_list(&l, 0, &e) == -1)
		return hpvm_report("hpvmhost", NULL, &e);
	c = calloc(l.n + 1, sizeof(*c));
	for (i = 0; c != NULL && i < l.n; i++) {
		struct guest g;
		if (guest_load(l.names[i], &g, NULL) == -1)
			continue;
		if (g.start_auto && g.runnable) {
			snprintf(c[n].name, sizeof(c[n].name), "%s", g.name);
			c[n++].weight = weight(&g);
		}
		guest_free(&g);
	}
	guest_list_free(&l);
	if (c == NULL)
		return 1;
	qsort(c, n, sizeof(*c), by_weight);
	for (i = 0; i < n; i++) {
		struct start_problems p;
		struct hpvm_err ge = {0};
		int k;
		/* One guest that cannot start must not keep the others down. */
		if (guest_start(c[i].name, 0, &p, &ge) == 0) {
			printf("hpvmhost: started guest '%s'\n", c[i].name);
			continue;
		}
		failed++;
		for (k = 0; k < p.n; k++)
			hpvm_fail(&ge, 0, "%s: %s", p.item[k], p.text[k]);
		hpvm_report("hpvmhost", c[i].name, &ge);
	}
	free(c);
	return failed ? 1 : 0;
}

/* Press every guest's power button at once, wait up to `wait` seconds in all, then turn off what is left. */
static int
host_stop(int wait)
{
	struct guest_list l;
	struct hpvm_err e = {0};
	char uuid[UUID_STR_LEN + 1];
	size_t i;
	int left, failed = 0;

	if (guest_list(&l, 0, &e) == -1)
		return hpvm_report("hpvmhost", NULL, &e);
	for (i = 0; i < l.n; i++) {
		struct hpvm_err ge = {0};
		if (guest_lookup(l.names[i], uuid, sizeof(uuid), NULL) == 0 && guest_is_running(uuid))
			guest_stop(l.names[i], STOP_GRACEFUL, 0, &ge);
	}
	for (left = wait * 10; left > 0; left--) {
		int running = 0;
		for (i = 0; i < l.n; i++)
			if (guest_lookup(l.names[i], uuid, sizeof(uuid), NULL) == 0 && guest_is_running(uuid))
				running++;
		if (running == 0)
			break;
		usleep(100000);
	}
	for (i = 0; i < l.n; i++) {
		struct hpvm_err ge = {0};
		if (guest_lookup(l.names[i], uuid, sizeof(uuid), NULL) == -1 || !guest_is_running(uuid))
			continue;
		fprintf(stderr, "hpvmhost: WARNING (%s): did not shut down within %d seconds; "
		    "turning it off.\n", l.names[i], wait);
		if (guest_stop(l.names[i], STOP_HARD, 0, &ge) == -1)
			failed |= hpvm_report("hpvmhost", l.names[i], &ge);
	}
	guest_list_free(&l);
	return failed;
}

int
main(int argc, char *argv[])
{
	struct hpvm_conf conf;
	long wait;
	int ch;

	if (argc < 2)
		usage();
	conf_load(&conf, NULL);
	wait = conf_get_long(&conf, "HPVM_SHUTDOWN_WAIT", 120, 1, 3600);
	optind = 2;
	while ((ch = getopt(argc, argv, "w:")) != -1) {
		char *end;
		if (ch != 'w')
			usage();
		errno = 0;
		wait = strtol(optarg, &end, 10);
		if (errno || *end || wait < 1 || wait > 3600)
			usage();
	}
	if (strcmp(argv[1], "start") == 0)
		return host_start();
	if (strcmp(argv[1], "stop") == 0)
		return host_stop((int)wait);
	usage();
}
