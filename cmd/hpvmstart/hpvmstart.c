/* hpvmstart: check a guest against this host and start it under its supervisor, hpvmapp. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/name.h"
#include "cmd.h"
#include "vmm/guest_power.h"
#include "vmm/start_check.h"

static const char synopsis[] =
"hpvmstart {-P vm-name | -p vm-number} [-F] [-Q]\n"
"hpvmstart -H\n";

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

/* HP's block: "HPVM guest vm2 configuration problems:" then numbered items. */
static void
print_problems(const char *name, const struct start_problems *p)
{
	int i;

	fprintf(stderr, "HPVM guest %s configuration problems:\n", name);
	for (i = 0; i < p->n; i++)
		fprintf(stderr, "    Warning %d on item %s: %s\n", i + 1, p->item[i], p->text[i]);
}

int
main(int argc, char *argv[])
{
	struct start_problems p;
	struct hpvm_err e = {0};
	const char *name = NULL, *number = NULL;
	char byname[GUEST_NAME_MAX + 1];
	enum guest_power_check check = GUEST_POWER_CHECKED;
	int ch, quiet = 0, rc;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "P:p:FQH")) != -1) {
		switch (ch) {
		case 'P': name = optarg; break;
		case 'p': number = optarg; break;
		case 'F': check = GUEST_POWER_FORCED; break;
		case 'Q': quiet = 1; break;
		case 'H': usage(CMD_HELP);
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if ((name == NULL) == (number == NULL) || optind != argc)
		usage(CMD_USAGE_ERROR);
	name = cmd_guest_name("hpvmstart", name, number, byname, sizeof(byname));
	rc = guest_power_on(name, check, &p, &e);
	if (p.n > 0)
		print_problems(name, &p);
	if (rc == 0 && p.n > 0)
		fprintf(stderr, "hpvmstart: WARNING (%s): Started despite %d configuration problem%s "
		    "(-F).\n", name, p.n, p.n == 1 ? "" : "s");
	if (rc == -1 && p.n > 0 && e.n == 0)
		hpvm_fail(&e, 0, "Unable to start the guest: fix the configuration problems above, "
		    "or use -F to start anyway.");
	hpvm_report("hpvmstart", name, &e);
	if (rc == 0 && !quiet)
		printf("hpvmstart: Successful start initiation of guest '%s'\n", name);
	return cmdlog_end(rc == 0 ? 0 : 1);
}
