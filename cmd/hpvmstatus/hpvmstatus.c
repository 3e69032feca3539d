/* hpvmstatus: show guests: the summary table, one guest's detail, or -M / -X for programs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmdlog.h"
#include "cmdutil.h"
#include "err.h"
#include "guest.h"
#include "guest_store.h"
#include "lock.h"
#include "status_fmt.h"
#include "version.h"

static const char synopsis[] =
"hpvmstatus [-V | -M | -X]\n"
"hpvmstatus -P vm-name [-V | -M | -X | -D]\n"
"hpvmstatus -v\n"
"hpvmstatus -H\n";

enum format { FMT_TABLE, FMT_VERBOSE, FMT_RECORD, FMT_XML, FMT_STATEMENTS };

static void __attribute__((noreturn))
usage(int help)
{
	cmd_usage(synopsis, help);
}

static int
by_vmnum(const void *a, const void *b)
{
	const struct guest *ga = *(struct guest *const *)a, *gb = *(struct guest *const *)b;

	return (ga->vmnum > gb->vmnum) - (ga->vmnum < gb->vmnum);
}

/* Load every visible guest; unreadable ones are reported and skipped, never half-shown. */
static int
load_all(struct guest ***out, size_t *n, struct hpvm_err *e)
{
	struct guest_list l;
	struct guest **gs;
	size_t i;

	*n = 0;
	if (guest_list(&l, 0, e) == -1)
		return -1;
	if ((gs = calloc(l.n + 1, sizeof(*gs))) == NULL) {
		guest_list_free(&l);
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	for (i = 0; i < l.n; i++) {
		struct hpvm_err le = {0};
		if ((gs[*n] = malloc(sizeof(struct guest))) == NULL)
			break;
		if (guest_load(l.names[i], gs[*n], &le) == -1) {
			hpvm_warn(e, "Guest '%s' cannot be read: %s", l.names[i], le.msg[0].text);
			free(gs[*n]);
			continue;
		}
		if (!gs[*n]->visible) {
			guest_free(gs[*n]);
			free(gs[*n]);
			continue;
		}
		(*n)++;
	}
	guest_list_free(&l);
	qsort(gs, *n, sizeof(*gs), by_vmnum);
	*out = gs;
	return 0;
}

static void
free_all(struct guest **gs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		guest_free(gs[i]);
		free(gs[i]);
	}
	free(gs);
}

static int
show_all(enum format fmt, struct hpvm_err *e)
{
	struct guest **gs = NULL;
	size_t i, n;

	if (load_all(&gs, &n, e) == -1)
		return -1;
	if (fmt == FMT_XML)
		status_xml(stdout, gs, n, e);
	else if (fmt == FMT_TABLE)
		status_summary_header(stdout);
	for (i = 0; i < n && fmt != FMT_XML; i++) {
		if (fmt == FMT_TABLE)
			status_summary_line(stdout, gs[i]);
		else if (fmt == FMT_RECORD)
			status_record(stdout, gs[i]);
		else
			status_verbose(stdout, gs[i]), putchar('\n');
	}
	free_all(gs, n);
	return 0;
}

static int
show_one(const char *name, enum format fmt, struct hpvm_err *e)
{
	struct guest g, *gp = &g;

	if (guest_load(name, &g, e) == -1)
		return -1;
	switch (fmt) {
	case FMT_TABLE: status_detail(stdout, &g); break;
	case FMT_VERBOSE: status_verbose(stdout, &g); break;
	case FMT_RECORD: status_record(stdout, &g); break;
	case FMT_XML: status_xml(stdout, &gp, 1, e); break;
	case FMT_STATEMENTS: status_statements(stdout, &g); break;
	}
	guest_free(&g);
	return 0;
}

static void
set_format(enum format *fmt, enum format f)
{
	if (*fmt != FMT_TABLE)
		usage(0);
	*fmt = f;
}

int
main(int argc, char *argv[])
{
	struct hpvm_err e = {0};
	enum format fmt = FMT_TABLE;
	const char *name = NULL;
	int ch, lk;

	cmdlog_begin(argc, argv);
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
		case 'H': usage(1);
		default: usage(0);
		}
	}
	if (optind != argc || (fmt == FMT_STATEMENTS && name == NULL))
		usage(0);
	if ((lk = lock_global(LOCK_SHARED_MODE, &e)) != -1) {
		if (name != NULL)
			show_one(name, fmt, &e);
		else
			show_all(fmt, &e);
		lock_release(lk);
	}
	fflush(stdout);
	return cmdlog_end(hpvm_report("hpvmstatus", name, &e));
}
