/* hpvmmigrated: receive guests migrated from other hosts of the site, over mutually authenticated TLS. */
#include <stdio.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/units.h"
#include "migrate/daemon.h"

static int
usage(void)
{
	fprintf(stderr, "usage: hpvmmigrated [-l address] [-p port]\n");
	return 2;
}

int
main(int argc, char *argv[])
{
	struct daemon_opts o = { 0 };
	struct hpvm_err e = { 0 };
	long port;
	int ch;

	while ((ch = getopt(argc, argv, "l:p:H")) != -1) {
		switch (ch) {
		case 'l': o.listen = optarg; break;
		case 'p':
			if (units_parse_int(optarg, 1, 65535, &port) == -1)
				return usage();
			o.port = (int)port;
			break;
		case 'H':
			printf("hpvmmigrated [-l address] [-p port]\n");
			return 0;
		default: return usage();
		}
	}
	if (optind != argc)
		return usage();
	if (daemon_run(&o, &e) == -1)
		{
		hpvm_report("hpvmmigrated", NULL, &e);
		return 1;
	}
	return 0;
}
