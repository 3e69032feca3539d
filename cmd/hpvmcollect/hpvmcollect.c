/* hpvmcollect: gather what support needs (host facts, guests, vswitches, devices, logs) into one archive with a MANIFEST of SHA-256 sums. */
#include <stdio.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "base/units.h"
#include "cmd.h"
#include "collect/collect.h"

static const char synopsis[] =
"hpvmcollect [-P vm-name] [-d directory] [-s log-kbytes] [-q]\n"
"hpvmcollect -H\n";

/* On a terminal, one line that keeps being rewritten: which step, how far. */
static void
progress(const char *step, int done, int total, void *arg)
{
	(void)arg;
	fprintf(stderr, "\rhpvmcollect: [%2d/%d] %-40s%s", done, total, step, done == total ? "\n" : "");
	fflush(stderr);
}

int
main(int argc, char *argv[])
{
	struct collect_opts o = { .dir = ".", .log_max = COLLECT_LOG_MAX };
	struct hpvm_err e = { 0 };
	char archive[HPVM_PATH_LEN + 300];
	int ch, quiet = 0;
	long kb;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "P:d:s:qH")) != -1) {
		switch (ch) {
		case 'P': o.guest = optarg; break;
		case 'd': o.dir = optarg; break;
		case 's':
			if (units_parse_int(optarg, 1, 1024 * 1024, &kb) == -1)
				cmd_usage(synopsis, CMD_USAGE_ERROR);
			o.log_max = kb * 1024;
			break;
		case 'q': quiet = 1; break;
		case 'H': cmd_usage(synopsis, CMD_HELP);
		default: cmd_usage(synopsis, CMD_USAGE_ERROR);
		}
	}
	if (optind != argc)
		cmd_usage(synopsis, CMD_USAGE_ERROR);
	if (!quiet && isatty(STDERR_FILENO))
		o.progress = progress;
	if (collect_run(&o, archive, sizeof(archive), &e) == 0 && !quiet)
		printf("hpvmcollect: Support archive written to %s\n", archive);
	fflush(stdout);
	return cmdlog_end(hpvm_report("hpvmcollect", o.guest, &e));
}
