/* hpvmdevinfo: each guest device beside the host backing store behind it, for people (a table) and scripts (-M). */
#include <stdio.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/name.h"
#include "base/version.h"
#include "cmd.h"
#include "fmt/devinfo_fmt.h"
#include "ops/guest_view.h"

static const char synopsis[] =
"hpvmdevinfo [-P vm-name | -p vm-number] [-M]\n"
"hpvmdevinfo -v\n"
"hpvmdevinfo -H\n";

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

static int
show(const char *name, enum devinfo_form form, struct hpvm_err *e)
{
	struct guest_view *vs, one;
	size_t i, n;

	if (form == DEVINFO_TABLE)
		devinfo_fmt_header(stdout);
	if (name != NULL) {
		if (guest_view_load(name, &one, e) == -1)
			return -1;
		devinfo_fmt_guest(stdout, &one.g, form);
		guest_free(&one.g);
		return 0;
	}
	if (guest_view_load_all(&vs, &n, e) == -1)
		return -1;
	for (i = 0; i < n; i++)
		devinfo_fmt_guest(stdout, &vs[i].g, form);
	guest_view_free(vs, n);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct hpvm_err e = {0};
	enum devinfo_form form = DEVINFO_TABLE;
	const char *name = NULL, *number = NULL;
	char byname[GUEST_NAME_MAX + 1];
	int ch;

	cmdlog_begin(argc, argv);
	while ((ch = getopt(argc, argv, "P:p:MvH")) != -1) {
		switch (ch) {
		case 'P': name = optarg; break;
		case 'p': number = optarg; break;
		case 'M': form = DEVINFO_RECORD; break;
		case 'v':
			printf("hpvmdevinfo: Version %s\n", HPVM_VERSION);
			return cmdlog_end(0);
		case 'H': usage(CMD_HELP);
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if (optind != argc || (name != NULL && number != NULL))
		usage(CMD_USAGE_ERROR);
	name = cmd_guest_name("hpvmdevinfo", name, number, byname, sizeof(byname));
	show(name, form, &e);
	fflush(stdout);
	return cmdlog_end(hpvm_report("hpvmdevinfo", name, &e));
}
