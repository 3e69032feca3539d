/* hpvmremove: delete a guest's configuration and give its devices back to the device database. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/name.h"
#include "cmd.h"
#include "ops/guest_remove.h"
#include "store/guest_store.h"

static const char synopsis[] =
"hpvmremove {-P vm-name | -p vm-number} [-F] [-Q]\n"
"hpvmremove -H\n";

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

int
main(int argc, char *argv[])
{
	struct hpvm_err e = {0};
	const char *name = NULL, *number = NULL;
	char byname[GUEST_NAME_MAX + 1];
	int ch, force = 0, quiet = 0;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "P:p:FQH")) != -1) {
		switch (ch) {
		case 'P': name = optarg; break;
		case 'p': number = optarg; break;
		case 'F': force = 1; break;
		case 'Q': quiet = 1; break;
		case 'H': usage(CMD_HELP);
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if ((name == NULL) == (number == NULL) || optind != argc)
		usage(CMD_USAGE_ERROR);
	name = cmd_guest_name("hpvmremove", name, number, byname, sizeof(byname));
	if (!guest_store_exists(name)) {
		guest_store_lookup(name, NULL, 0, &e);
		return cmdlog_end(hpvm_report("hpvmremove", name, &e));
	}
	/* Removal cannot be undone: without -F it needs a person at a terminal to agree. */
	if (!cmd_confirm(force, &e, "hpvmremove: Remove the virtual machine '%s'?", name))
		return cmdlog_end(e.n ? hpvm_report("hpvmremove", name, &e) : 1);
	if (guest_remove(name, &e) == 0 && !quiet)
		printf("hpvmremove: Virtual machine '%s' removed.\n", name);
	return cmdlog_end(hpvm_report("hpvmremove", name, &e));
}
