/* hpvmstatus: show guests (the summary table, one guest's detail, -M / -X for programs, one aspect of each) and the host. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/par.h"
#include "base/version.h"
#include "cmd.h"
#include "base/name.h"
#include "fmt/host_fmt.h"
#include "fmt/status_fmt.h"
#include "fmt/status_tables.h"
#include "ops/event_log.h"
#include "ops/guest_view.h"
#include "ops/host_view.h"

static const char synopsis[] =
"hpvmstatus [-V | -M | -X | -r | -C | -R | -A]\n"
"hpvmstatus {-P vm-name | -p vm-number} [-V | -M | -X | -D | -d | -e | -r | -C | -R | -A]\n"
"hpvmstatus -s | -S | -m | -e\n"
"hpvmstatus -v\n"
"hpvmstatus -H\n";

enum format { FMT_TABLE, FMT_VERBOSE, FMT_RECORD, FMT_XML, FMT_STATEMENTS, FMT_RESOLVED,
	FMT_EVENTS, FMT_RESOURCES, FMT_CPU, FMT_MEMORY, FMT_ATTRIBUTES, FMT_SERVER, FMT_SCHEDULER,
	FMT_MULTISERVER };

/* The per-aspect tables, by their option's format. */
static const enum status_table tables[] = {
	[FMT_RESOURCES] = STATUS_TABLE_RESOURCES, [FMT_CPU] = STATUS_TABLE_CPU,
	[FMT_MEMORY] = STATUS_TABLE_MEMORY, [FMT_ATTRIBUTES] = STATUS_TABLE_ATTRIBUTES,
};

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

/*
 * Guests a thread formats at a time. A thread pays off only for two blocks or more, and costs a
 * millisecond or two to start here (its stack and its own malloc arena are fresh memory): the
 * table's line is half a microsecond a guest, a -M record three, a -X element ten.
 */
static size_t
show_block_size(enum format fmt)
{
	return fmt == FMT_TABLE ? 4096 : fmt == FMT_RECORD ? 1024 : 256;
}

struct listing {
	const struct guest_views	*vs;
	enum format			 fmt;
};

/* Entries [from, to) of the listing to `out`: run by several threads at once, each its own entries. */
static int
show_block(size_t from, size_t to, FILE *out, void *arg)
{
	const struct listing *l = arg;
	struct status_xml x;
	struct guest_view v;
	size_t i;
	int rc = 0;

	if (l->fmt == FMT_XML && status_fmt_xml_begin(&x, out) == -1)
		return -1;
	for (i = from; i < to && rc == 0; i++) {
		if (!guest_view_at(l->vs, i, &v, l->fmt == FMT_TABLE ? GUEST_VIEW_SUMMARY : GUEST_VIEW_FULL))
			continue;
		if (l->fmt == FMT_XML)
			rc = status_fmt_xml_guest(&x, &v);
		else if (l->fmt == FMT_TABLE)
			status_fmt_summary_line(out, &v);
		else if (l->fmt == FMT_RECORD)
			status_fmt_record(out, &v);
		else {
			status_fmt_verbose(out, &v);
			fputc('\n', out);
		}
		guest_free(&v.g);
	}
	if (l->fmt == FMT_XML)
		status_fmt_xml_end(&x);
	return rc;
}

/*
 * Every visible guest from the index: the table, -M, -X and -V. Thousands of guests are
 * formatted by as many threads as there are processors, a block at a time, printed in order.
 */
static int
show_all(enum format fmt, struct hpvm_err *e)
{
	struct guest_views vs;
	struct listing l = { &vs, fmt };
	size_t n;
	int rc;

	if (guest_view_open(&vs, e) == -1)
		return -1;
	n = guest_view_count(&vs);
	if (fmt == FMT_TABLE)
		status_fmt_summary_header(stdout);
	if (fmt == FMT_XML)
		status_fmt_xml_head(stdout, n);
	rc = par_ordered(vs.ix.n, show_block_size(fmt), show_block, &l, stdout);
	if (fmt == FMT_XML)
		status_fmt_xml_tail(stdout, n);
	guest_view_close(&vs);
	return rc == 0 ? 0 : hpvm_fail(e, ENOMEM, "Out of memory.");
}

/* -r, -C, -R, -A: one aspect of every guest (-r: of the running ones). */
static int
show_table(enum format fmt, struct hpvm_err *e)
{
	struct guest_view *vs;
	size_t i, n;

	if (guest_view_load_all(&vs, &n, e) == -1)
		return -1;
	status_tables_header(stdout, tables[fmt]);
	for (i = 0; i < n; i++)
		if (fmt != FMT_RESOURCES || vs[i].rt.running)
			status_tables_line(stdout, tables[fmt], &vs[i]);
	guest_view_free(vs, n);
	return 0;
}

/* -e: the host's event log, or with -P the guest's. */
static int
show_events(const char *name, struct hpvm_err *e)
{
	char *text;
	size_t len;

	if (event_log_read(name, &text, &len, e) == -1)
		return -1;
	fwrite(text, 1, len, stdout);
	free(text);
	return 0;
}

/* -s, -S, -m: the host itself. */
static int
show_host(enum format fmt, struct hpvm_err *e)
{
	struct host_view hv;

	if (host_view_load(&hv, e) == -1)
		return -1;
	if (fmt == FMT_SERVER)
		host_fmt_server(stdout, &hv);
	else if (fmt == FMT_SCHEDULER)
		host_fmt_scheduler(stdout, &hv);
	else
		host_fmt_multiserver(stdout, &hv);
	return 0;
}

static int
show_one(const char *name, enum format fmt, struct hpvm_err *e)
{
	struct guest_view v;

	if (fmt == FMT_EVENTS)
		return show_events(name, e);
	if (guest_view_load(name, &v, e) == -1)
		return -1;
	switch (fmt) {
	case FMT_TABLE: status_fmt_detail(stdout, &v); break;
	case FMT_VERBOSE: status_fmt_verbose(stdout, &v); break;
	case FMT_RECORD: status_fmt_record(stdout, &v); break;
	case FMT_XML: status_fmt_xml(stdout, &v, 1, e); break;
	case FMT_STATEMENTS: status_fmt_statements(stdout, &v.g, STATEMENTS_TYPED); break;
	case FMT_RESOLVED: status_fmt_statements(stdout, &v.g, STATEMENTS_RESOLVED); break;
	case FMT_RESOURCES: case FMT_CPU: case FMT_MEMORY: case FMT_ATTRIBUTES:
		status_tables_header(stdout, tables[fmt]);
		status_tables_line(stdout, tables[fmt], &v);
		break;
	default: break;
	}
	guest_free(&v.g);
	return 0;
}

/* Output that could not be written (a full file system) fails the command, and says so once. */
static void
output_check(struct hpvm_err *e)
{
	errno = 0;
	if ((fflush(stdout) == 0 && !ferror(stdout)) || hpvm_nerrors(e) > 0)
		return;
	if (errno != 0)
		hpvm_fail(e, errno, "Unable to write the output: %s", strerror(errno));
	else
		hpvm_fail(e, EIO, "Unable to write the output.");
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
	static char outbuf[1 << 16];
	struct hpvm_err e = {0};
	enum format fmt = FMT_TABLE;
	const char *name = NULL, *number = NULL;
	char byname[GUEST_NAME_MAX + 1];
	int ch;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "P:p:VMXDdersSmCRAvH")) != -1) {
		switch (ch) {
		case 'P': name = optarg; break;
		case 'p': number = optarg; break;
		case 'V': set_format(&fmt, FMT_VERBOSE); break;
		case 'M': set_format(&fmt, FMT_RECORD); break;
		case 'X': set_format(&fmt, FMT_XML); break;
		case 'D': set_format(&fmt, FMT_STATEMENTS); break;
		case 'd': set_format(&fmt, FMT_RESOLVED); break;
		case 'e': set_format(&fmt, FMT_EVENTS); break;
		case 'r': set_format(&fmt, FMT_RESOURCES); break;
		case 'C': set_format(&fmt, FMT_CPU); break;
		case 'R': set_format(&fmt, FMT_MEMORY); break;
		case 'A': set_format(&fmt, FMT_ATTRIBUTES); break;
		case 's': set_format(&fmt, FMT_SERVER); break;
		case 'S': set_format(&fmt, FMT_SCHEDULER); break;
		case 'm': set_format(&fmt, FMT_MULTISERVER); break;
		case 'v':
			printf("hpvmstatus: Version %s\n", HPVM_VERSION);
			return cmdlog_end(0);
		case 'H': usage(CMD_HELP);
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if (optind != argc || (name != NULL && number != NULL) ||
	    ((fmt == FMT_STATEMENTS || fmt == FMT_RESOLVED) && name == NULL && number == NULL) ||
	    (fmt >= FMT_SERVER && (name != NULL || number != NULL)))
		usage(CMD_USAGE_ERROR);
	/* Thousands of guests go to a pipe or file in 64 KiB writes, not stdio's 4 KiB ones
	 * (glibc takes a size only with a buffer). */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	name = cmd_guest_name("hpvmstatus", name, number, byname, sizeof(byname));
	if (name != NULL)
		show_one(name, fmt, &e);
	else if (fmt >= FMT_SERVER)
		show_host(fmt, &e);
	else if (fmt == FMT_EVENTS)
		show_events(NULL, &e);
	else if (fmt >= FMT_RESOURCES)
		show_table(fmt, &e);
	else
		show_all(fmt, &e);
	output_check(&e);
	return cmdlog_end(hpvm_report("hpvmstatus", name, &e));
}
