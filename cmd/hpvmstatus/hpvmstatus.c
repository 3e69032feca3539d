/* hpvmstatus: show guests: the summary table, one guest's detail, or -M / -X for programs. */
#include <stdio.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/version.h"
#include "cmd.h"
#include "fmt/status_fmt.h"
#include "ops/guest_view.h"

static const char synopsis[] =
"hpvmstatus [-V | -M | -X]\n"
"hpvmstatus -P vm-name [-V | -M | -X | -D]\n"
"hpvmstatus -v\n"
"hpvmstatus -H\n";

enum format { FMT_TABLE, FMT_VERBOSE, FMT_RECORD, FMT_XML, FMT_STATEMENTS };

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

/* Every visible guest: the table and -M stream from the index; -X and -V read each whole. */
static int
show_all(enum format fmt, struct hpvm_err *e)
{
	struct guest_views vs;
	struct guest_view v, *all;
	size_t n;

	if (fmt == FMT_XML) {
		if (guest_view_load_all(&all, &n, e) == -1)
			return -1;
		status_fmt_xml(stdout, all, n, e);
		guest_view_free(all, n);
		return 0;
	}
	if (guest_view_open(&vs, e) == -1)
		return -1;
	if (fmt == FMT_TABLE)
		status_fmt_summary_header(stdout);
	while (guest_view_next(&vs, &v, fmt == FMT_TABLE ? GUEST_VIEW_SUMMARY : GUEST_VIEW_FULL)) {
		if (fmt == FMT_TABLE)
			status_fmt_summary_line(stdout, &v);
		else if (fmt == FMT_RECORD)
			status_fmt_record(stdout, &v);
		else {
			status_fmt_verbose(stdout, &v);
			putchar('\n');
		}
		guest_free(&v.g);
	}
	guest_view_close(&vs);
	return 0;
}

static int
show_one(const char *name, enum format fmt, struct hpvm_err *e)
{
	struct guest_view v;

	if (guest_view_load(name, &v, e) == -1)
		return -1;
	switch (fmt) {
	case FMT_TABLE: status_fmt_detail(stdout, &v); break;
	case FMT_VERBOSE: status_fmt_verbose(stdout, &v); break;
	case FMT_RECORD: status_fmt_record(stdout, &v); break;
	case FMT_XML: status_fmt_xml(stdout, &v, 1, e); break;
	case FMT_STATEMENTS: status_fmt_statements(stdout, &v.g); break;
	}
	guest_free(&v.g);
	return 0;
}

static void
set_format(enum format *fmt, enum format f)
{
	if (*fmt != FMT_TABLE)
		usage(CMD_USAGE_ERROR);
	*fmt = f;
}

int
main(int argc, char *argv[])
{
	struct hpvm_err e = {0};
	enum format fmt = FMT_TABLE;
	const char *name = NULL;
	int ch;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "P:VMXDvH")) != -1) {
		switch (ch) {
		case 'P': name = optarg; break;
		case 'V': set_format(&fmt, FMT_VERBOSE); break;
		case 'M': set_format(&fmt, FMT_RECORD); break;
		case 'X': set_format(&fmt, FMT_XML); break;
		case 'D': set_format(&fmt, FMT_STATEMENTS); break;
		case 'v':
			printf("hpvmstatus: Version %s\n", HPVM_VERSION);
			return cmdlog_end(0);
		case 'H': usage(CMD_HELP);
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if (optind != argc || (fmt == FMT_STATEMENTS && name == NULL))
		usage(CMD_USAGE_ERROR);
	if (name != NULL)
		show_one(name, fmt, &e);
	else
		show_all(fmt, &e);
	fflush(stdout);
	return cmdlog_end(hpvm_report("hpvmstatus", name, &e));
}
