/* hpvmhostrdev: restrict the storage the host itself uses, so no guest is ever given it. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "cmd.h"
#include "store/hostrdev.h"

static const char synopsis[] =
"hpvmhostrdev [-D | -E | -d | -h | -r | -u]\n";

/* HP documents 0 for success and 1 for any error, a usage error among them. */
static int
usage_error(void)
{
	fputs(synopsis, stderr);
	return cmdlog_end(1);
}

int
main(int argc, char *argv[])
{
	struct hpvm_err e = {0};
	int ch, action = 0;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "DEdhruH")) != -1) {
		if (ch == 'H')
			ch = 'h';		/* -H as every other hpvm command */
		if (ch == '?' || action != 0)
			return usage_error();
		action = ch;
	}
	if (optind != argc)
		return usage_error();
	switch (action) {
	case 'h': fputs(synopsis, stdout); return cmdlog_end(0);
	case 'D': hostrdev_enable(HOSTRDEV_AT_BOOT_OFF, &e); break;
	case 'E': hostrdev_enable(HOSTRDEV_AT_BOOT_ON, &e); break;
	case 'd': hostrdev_remove(&e); break;
	case 'r': hostrdev_restore(&e); break;
	default: hostrdev_run(&e); break;
	}
	return cmdlog_end(hpvm_report("hpvmhostrdev", NULL, &e));
}
