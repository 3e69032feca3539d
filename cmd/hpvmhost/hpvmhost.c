/* hpvmhost: host start and shutdown, run by hpvm.service: start "auto" guests, stop running guests gracefully. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/hpvm_err.h"
#include "base/units.h"
#include "ops/host_boot.h"
#include "vmm/start_check.h"

static int
usage(void)
{
	fprintf(stderr, "usage: hpvmhost start | stop [-w seconds]\n");
	return 2;
}

/* Each guest's outcome on its own lines: HP's message shape, problems as errors. */
static void
report(const char *name, int rc, const struct start_problems *p, const struct hpvm_err *e, void *arg)
{
	struct hpvm_err all = *e;
	int k;

	(void)arg;
	if (rc == 0 && p != NULL)
		printf("hpvmhost: started guest '%s'\n", name);
	for (k = 0; rc == -1 && p != NULL && k < p->n; k++)
		hpvm_fail(&all, 0, "%s: %s", p->item[k], p->text[k]);
	hpvm_report("hpvmhost", name, &all);
}

int
main(int argc, char *argv[])
{
	struct hpvm_conf conf;
	struct hpvm_err e = { 0 };
	long wait;
	int ch, rc;

	if (argc < 2)
		return usage();
	conf_load(&conf, NULL);
	wait = conf_get_long(&conf, "HPVM_SHUTDOWN_WAIT", 120, 1, 3600);
	optind = 2;
	while ((ch = getopt(argc, argv, "w:")) != -1)
		if (ch != 'w' || units_parse_int(optarg, 1, 3600, &wait) == -1)
			return usage();
	if (optind != argc)
		return usage();
	if (strcmp(argv[1], "start") == 0)
		rc = host_boot_start((int)conf_get_long(&conf, "HPVM_START_PARALLEL", 4, 1, 64), report,
		    NULL, &e);
	else if (strcmp(argv[1], "stop") == 0)
		rc = host_boot_stop((int)wait, report, NULL, &e);
	else
		return usage();
	fflush(stdout);
	hpvm_report("hpvmhost", NULL, &e);
	return rc == 0 ? 0 : 1;
}
