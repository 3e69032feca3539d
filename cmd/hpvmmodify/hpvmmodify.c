/* hpvmmodify: change a guest's characteristics, devices, name or registration attributes. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/name.h"
#include "cmd.h"
#include "model/guest_change.h"
#include "ops/guest_modify.h"

static const char synopsis[] =
"hpvmmodify {-P vm-name | -p vm-number} [-O os-type] [-c vcpus]\n"
"           [-e percent[:max] | -E cycles[:max]] [-r memory] [-R reserved-memory]\n"
"           [-a rsrc]... [-d rsrc]... [-m rsrc]... [-N new-vm-name]\n"
"           [-l label] [-B auto|manual] [-u user[:admin|:oper|:remove]]...\n"
"           [-g group[:admin|:oper|:remove]]... [-x attr=value]... [-s]\n"
"hpvmmodify -H\n";

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

int
main(int argc, char *argv[])
{
	struct guest_change c = {0};
	struct hpvm_err e = {0};
	const char *name = NULL, *number = NULL;
	char byname[GUEST_NAME_MAX + 1];
	enum define_mode mode = DEFINE_WRITE;
	int ch, rc;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "P:p:a:d:m:N:sH" GUEST_OPT_LETTERS GUEST_OPT_RESERVED)) != -1) {
		switch (ch) {
		case 'P': name = optarg; break;
		case 'p': number = optarg; break;
		case 's': mode = DEFINE_CHECK_ONLY; break;
		case 'H': usage(CMD_HELP);
		case '?': usage(CMD_USAGE_ERROR);
		default:
			if (guest_change_add(&c, ch, optarg) == -1) {
				hpvm_fail(&e, 0, "Out of memory.");
				return cmdlog_end(hpvm_report("hpvmmodify", name, &e));
			}
		}
	}
	if ((name == NULL) == (number == NULL) || optind != argc)
		usage(CMD_USAGE_ERROR);
	name = cmd_guest_name("hpvmmodify", name, number, byname, sizeof(byname));
	guest_modify(name, guest_change_apply, &c, mode, &e);
	rc = hpvm_report("hpvmmodify", name, &e);
	if (rc != 0)
		fprintf(stderr, "hpvmmodify: Unable to modify the guest.\n");
	guest_change_free(&c);
	return cmdlog_end(rc);
}
