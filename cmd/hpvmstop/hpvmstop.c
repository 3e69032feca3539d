/* hpvmstop: stop running guests, hard by default (as HP), gracefully with -g. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "cmd.h"
#include "base/conf.h"
#include "base/hpvm_err.h"
#include "base/name.h"
#include "vmm/cluster_guard.h"
#include "vmm/guest_power.h"
#include "store/guest_store.h"
#include "vmm/runtime.h"

static const char synopsis[] =
"hpvmstop {-P vm-name | -p vm-number} [-h | -g] [-F] [-q]\n"
"hpvmstop -a [-h | -g] [-F] [-q]\n"
"hpvmstop -H\n";

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

/* A guest a cluster package owns is stopped by hand only with -F. */
static int
stop_one(const char *name, enum guest_power_mode mode, int wait, int force, int quiet)
{
	struct hpvm_err e = {0};

	if ((force || cluster_guard(name, CLUSTER_ACT_STOP, &e) == 0) &&
	    guest_power_off(name, mode, wait, &e) == 0 && !quiet)
		printf("hpvmstop: Virtual machine '%s' stopped.\n", name);
	return hpvm_report("hpvmstop", name, &e);
}

/* -a: every running guest; a failure does not stop the others. */
static int
stop_all(enum guest_power_mode mode, int wait, int force, int quiet)
{
	char uuid[64];
	struct guest_store_list l;
	struct hpvm_err e = {0};
	size_t i;
	int rc = 0;

	if (guest_store_list(&l, GUEST_LIST_READ, &e) == -1)
		return hpvm_report("hpvmstop", NULL, &e);
	for (i = 0; i < l.n; i++)
		if (guest_store_lookup(l.names[i], uuid, sizeof(uuid), NULL) == 0 && runtime_is_running(uuid))
			rc |= stop_one(l.names[i], mode, wait, force, quiet);
	guest_store_list_free(&l);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct hpvm_conf conf;
	struct hpvm_err e = {0};
	enum guest_power_mode mode = GUEST_POWER_HARD;
	const char *name = NULL, *number = NULL;
	char byname[GUEST_NAME_MAX + 1];
	int ch, all = 0, force = 0, quiet = 0, wait;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "P:p:ahgFqH")) != -1) {
		switch (ch) {
		case 'P': name = optarg; break;
		case 'p': number = optarg; break;
		case 'a': all = 1; break;
		case 'h': mode = GUEST_POWER_HARD; break;
		case 'g': mode = GUEST_POWER_GRACEFUL; break;
		case 'F': force = 1; break;
		case 'q': quiet = 1; break;
		case 'H': usage(CMD_HELP);
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if ((name != NULL) + (number != NULL) + all != 1 || optind != argc)
		usage(CMD_USAGE_ERROR);
	name = cmd_guest_name("hpvmstop", name, number, byname, sizeof(byname));
	conf_load(&conf, NULL);
	wait = (int)conf_get_long(&conf, "HPVM_STOP_WAIT", 120, 1, 86400);
	if (all ? !cmd_confirm(force || quiet, &e, "hpvmstop: Stop all running virtual machines?") :
	    !cmd_confirm(force || quiet, &e, "hpvmstop: Stop the virtual machine '%s'?", name))
		return cmdlog_end(e.n ? hpvm_report("hpvmstop", name, &e) : 1);
	return cmdlog_end(all ? stop_all(mode, wait, force, quiet) :
	    stop_one(name, mode, wait, force, quiet));
}
