/* hpvmcreate: define a new guest from characteristic options and resource statements. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/name.h"
#include "cmd.h"
#include "model/guest.h"
#include "model/guest_change.h"
#include "ops/guest_define.h"

static const char synopsis[] =
"hpvmcreate -P vm-name [-O os-type] [-c vcpus] [-e percent[:max] | -E cycles[:max]]\n"
"           [-r memory] [-a rsrc]... [-l label] [-B auto|manual]\n"
"           [-u user[:admin|:oper]]... [-g group[:admin|:oper]]... [-x attr=value]... [-s]\n"
"hpvmcreate -H\n";

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
	struct guest g;
	const char *name = NULL;
	enum define_mode mode = DEFINE_WRITE;
	int ch, rc;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "P:a:sH" GUEST_OPT_LETTERS)) != -1) {
		switch (ch) {
		case 'P': name = optarg; break;
		case 's': mode = DEFINE_CHECK_ONLY; break;
		case 'H': usage(CMD_HELP);
		case '?': usage(CMD_USAGE_ERROR);
		default:
			if (guest_change_add(&c, ch, optarg) == -1) {
				hpvm_fail(&e, 0, "Out of memory.");
				return cmdlog_end(hpvm_report("hpvmcreate", name, &e));
			}
		}
	}
	if (name == NULL || optind != argc)
		usage(CMD_USAGE_ERROR);
	guest_init(&g);
	snprintf(g.name, sizeof(g.name), "%s", name);
	/* Options that do not parse still leave the rest to check: report every problem at once. */
	if (strlen(name) <= GUEST_NAME_MAX)
		guest_define(&g, guest_change_apply(&g, &c, &e) == 0 ? mode : DEFINE_CHECK_ONLY,
		    NULL, NULL, &e);
	else if (strlen(name) > GUEST_NAME_MAX)
		hpvm_fail(&e, 0, "The virtual machine name is longer than %d characters.",
		    GUEST_NAME_MAX);
	rc = hpvm_report("hpvmcreate", name, &e);
	guest_free(&g);
	guest_change_free(&c);
	return cmdlog_end(rc);
}
