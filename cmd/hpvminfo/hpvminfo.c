/* hpvminfo: say where we are: in an hpvm guest (and on which host), or on an hpvm host. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/host.h"
#include "base/version.h"
#include "cmd.h"

static const char synopsis[] =
"hpvminfo [-S] [-V]\n"
"hpvminfo -v\n"
"hpvminfo -H\n";

/* hpvminfo also runs inside guests, so it keeps no command log (cmd_usage would write one). */
static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	fputs(synopsis, kind == CMD_HELP ? stdout : stderr);
	exit(kind == CMD_HELP ? 0 : 2);
}

int
main(int argc, char *argv[])
{
	char uuid[64], host[256], version[64];
	struct hpvm_err e = { 0 };
	int ch, server = 0, verbose = 0;

	while ((ch = getopt(argc, argv, "SVvH")) != -1) {
		switch (ch) {
		case 'S': server = 1; break;
		case 'V': verbose = 1; break;
		case 'v':
			printf("hpvminfo: Version %s\n", HPVM_VERSION);
			return 0;
		case 'H': usage(CMD_HELP);
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if (optind != argc)
		usage(CMD_USAGE_ERROR);
	if (host_guest_smbios(version, sizeof(version), host, sizeof(host))) {
		if (!server && !verbose)
			printf("hpvminfo: Running on an HPVM guest.\n");
		else
			printf("HPVM Guest information\nVERSION: HPVM %s\nSERVER HOSTNAME: %s\n",
			    version, host);
		return 0;
	}
	if (!server && !verbose) {
		printf("hpvminfo: Running on an HPVM host.\n");
		return 0;
	}
	if (host_uuid(uuid, sizeof(uuid), &e) == -1)
		return hpvm_report("hpvminfo", NULL, &e);
	printf("HPVM Server information\nVERSION: HPVM %s (Linux)\nMY UUID: %s\n", HPVM_VERSION,
	    uuid);
	if (verbose && gethostname(host, sizeof(host)) == 0)
		printf("HOSTNAME: %s\n", host);
	return 0;
}
