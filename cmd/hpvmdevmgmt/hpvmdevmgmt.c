/* hpvmdevmgmt: manage the device management database: which host devices guests may use, and how. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/version.h"
#include "cmd.h"
#include "fmt/devdb_fmt.h"
#include "ops/devmgmt.h"
#include "store/devdb.h"

static const char synopsis[] =
"hpvmdevmgmt -a {server|env|rdev|gdev}:entry-name[:attr:NAME=VALUE[,NAME=VALUE]...] [-V]\n"
"hpvmdevmgmt -d {server|env|rdev|gdev}:entry-name[:attr:NAME] [-V]\n"
"hpvmdevmgmt -d gdev:{all|entry-name}:depend:guest [-V]\n"
"hpvmdevmgmt -m {server|env|rdev|gdev}:entry-name:{attr:NAME=VALUE|depend:guest} [-V]\n"
"hpvmdevmgmt -n {gdev|rdev}:old-entry-name:new-entry-name [-V]\n"
"hpvmdevmgmt -l {all|server|env|rdev|gdev}[:entry-name|:depend:guest|:NAME=VALUE] [-V]\n"
"hpvmdevmgmt -I [-V]\n"
"hpvmdevmgmt -r\n"
"hpvmdevmgmt [-A] -S size file [-V]\n"
"hpvmdevmgmt -v\n"
"hpvmdevmgmt -H\n";

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

static void
list(const char *spec, int verbose, struct hpvm_err *e)
{
	struct devdb db;

	if (devmgmt_list(spec, &db, e) == 0)
		devdb_fmt_list(stdout, &db, verbose ? DEVDB_FMT_VERBOSE : DEVDB_FMT_LINES);
	devdb_free(&db);
}

static void
repair_script(struct hpvm_err *e)
{
	char *text;

	if (devmgmt_read(&text, e) == 0)
		devdb_fmt_repair_script(stdout, text);
	free(text);
}

int
main(int argc, char *argv[])
{
	struct hpvm_err e = {0};
	const char *arg = NULL, *size = NULL;
	enum devmgmt_alloc alloc = DEVMGMT_SPARSE;
	int ch, action = 0, verbose = 0;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "a:d:m:n:l:IrS:AVvH")) != -1) {
		switch (ch) {
		case 'a': case 'd': case 'm': case 'n': case 'l':
			if (action)
				usage(CMD_USAGE_ERROR);
			action = ch;
			arg = optarg;
			break;
		case 'I': case 'r':
			if (action)
				usage(CMD_USAGE_ERROR);
			action = ch;
			break;
		case 'S':
			if (action)
				usage(CMD_USAGE_ERROR);
			action = 'S';
			size = optarg;
			break;
		case 'A': alloc = DEVMGMT_ALLOCATE; break;
		case 'V': verbose = 1; break;
		case 'v':
			printf("hpvmdevmgmt: Version %s\n", HPVM_VERSION);
			return cmdlog_end(0);
		case 'H': usage(CMD_HELP);
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if (action == 0 || (action == 'S') != (optind == argc - 1) || (action != 'S' && optind != argc) ||
	    (alloc == DEVMGMT_ALLOCATE && action != 'S'))
		usage(CMD_USAGE_ERROR);
	switch (action) {
	case 'a': devmgmt_add(arg, &e); break;
	case 'd': devmgmt_delete(arg, &e); break;
	case 'm': devmgmt_modify(arg, &e); break;
	case 'n': devmgmt_rename(arg, &e); break;
	case 'l': list(arg, verbose, &e); break;
	case 'I': devmgmt_import(&e); break;
	case 'r': repair_script(&e); break;
	case 'S': devmgmt_create_file(size, argv[optind], alloc, &e); break;
	}
	fflush(stdout);
	return cmdlog_end(hpvm_report("hpvmdevmgmt", NULL, &e));
}
