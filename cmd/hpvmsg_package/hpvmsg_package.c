/* hpvmsg_package: make a guest a cluster package: mark it and write its package files under /etc/cluster/NAME; -d undoes it. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "cluster/sg_package.h"
#include "cmd.h"

static const char synopsis[] =
"hpvmsg_package -P vm-name [-F] [-Q]\n"
"hpvmsg_package -P vm-name -d [-Q]\n"
"hpvmsg_package -H\n";

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

static void
print_created(const char *name, const struct sg_result *r)
{
	static const char *const what[SG_FILES] = {
		"package configuration (Serviceguard keywords)",
		"control script: start, stop, monitor, service",
		"Pacemaker resource: cibadmin --create -o resources --xml-file FILE",
	};
	int i;

	printf("hpvmsg_package: Guest '%s' is now managed by cluster package '%s'.\n", name, name);
	printf("hpvmsg_package: Package files in %s:\n", path_unrooted(r->dir));
	for (i = 0; i < SG_FILES; i++)
		printf("    %-40s %s\n", path_unrooted(r->file[i]), what[i]);
}

int
main(int argc, char *argv[])
{
	struct sg_result r;
	struct hpvm_err e = {0};
	const char *name = NULL;
	enum sg_replace replace = SG_KEEP_EXISTING;
	int ch, del = 0, quiet = 0, rc;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "P:dFQH")) != -1) {
		switch (ch) {
		case 'P': name = optarg; break;
		case 'd': del = 1; break;
		case 'F': replace = SG_REPLACE; break;
		case 'Q': quiet = 1; break;
		case 'H': usage(CMD_HELP);
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if (name == NULL || optind != argc || (del && replace == SG_REPLACE))
		usage(CMD_USAGE_ERROR);
	rc = del ? sg_package_delete(name, &r, &e) : sg_package_create(name, replace, &r, &e);
	if (rc == 0 && !quiet && !del)
		print_created(name, &r);
	else if (rc == 0 && !quiet)
		printf("hpvmsg_package: Guest '%s' is no longer managed by a cluster package.\n", name);
	return cmdlog_end(hpvm_report("hpvmsg_package", name, &e));
}
