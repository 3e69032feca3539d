/* hpvmsecsetup: set a site up for migration: the CA that hosts trust, and each host's certificate. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "base/units.h"
#include "cmd.h"
#include "migrate/pki.h"

static const char synopsis[] =
"hpvmsecsetup -c [-n site-name] [-h host-name] [-d days]\n"
"hpvmsecsetup -i host-name -o directory [-d days]\n"
"hpvmsecsetup -l\n"
"hpvmsecsetup -H\n";

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

/* -l: what this host trusts and what it presents. */
static int
show(const char *dir, struct hpvm_err *e)
{
	static const char *const files[] = { PKI_CA_CERT, PKI_HOST_CERT };
	char path[HPVM_PATH_LEN + 32], line[1024];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if (pki_describe(path, line, sizeof(line), e) == -1)
			return -1;
		printf("%-14s %s\n", files[i], line);
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct hpvm_err e = {0};
	char dir[HPVM_PATH_LEN], self[256] = "";
	const char *site = NULL, *host = NULL, *out = NULL;
	long days = PKI_DAYS_DEFAULT;
	int ch, action = 0;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "cn:h:d:i:o:lH")) != -1) {
		switch (ch) {
		case 'c': case 'l':
			if (action)
				usage(CMD_USAGE_ERROR);
			action = ch;
			break;
		case 'i':
			if (action)
				usage(CMD_USAGE_ERROR);
			action = ch;
			host = optarg;
			break;
		case 'n': site = optarg; break;
		case 'h': host = optarg; break;
		case 'o': out = optarg; break;
		case 'd':
			if (units_parse_int(optarg, 1, 36500, &days) == -1)
				usage(CMD_USAGE_ERROR);
			break;
		case 'H': usage(CMD_HELP);
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if (optind != argc || action == 0 || (action == 'i') != (out != NULL) ||
	    (action == 'l' && (host || site)) || (action == 'i' && site))
		usage(CMD_USAGE_ERROR);
	gethostname(self, sizeof(self) - 1);
	if (path_build(dir, sizeof(dir), &e, HPVM_SSL_DIR) == 0) {
		if (action == 'l')
			show(dir, &e);
		else if (action == 'i')
			pki_host_issue(dir, host, out, (int)days, &e);
		else if (pki_ca_create(dir, site ? site : self, (int)days, &e) == 0 &&
		    pki_host_issue(dir, host ? host : self, dir, (int)days, &e) == 0)
			printf("hpvmsecsetup: site CA and the certificate of %s made in %s\n",
			    host ? host : self, path_unrooted(dir));
	}
	if (action == 'i' && hpvm_nerrors(&e) == 0)
		printf("hpvmsecsetup: certificate for %s made in %s; install that directory as "
		    "%s on %s\n", host, out, HPVM_SSL_DIR, host);
	return cmdlog_end(hpvm_report("hpvmsecsetup", NULL, &e));
}
