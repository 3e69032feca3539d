/* hpvmsar: live resource use of guests: vCPU, memory, disk and network rates per interval, as sar and xentop show them. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/host.h"
#include "base/hpvm_err.h"
#include "base/units.h"
#include "cmd.h"
#include "fmt/sar_fmt.h"
#include "ops/guest_sample.h"

static const char synopsis[] =
"hpvmsar [-P vm-name] [-a] [-M | -X] [-n count] [interval]\n"
"hpvmsar -H\n";

/* How long QEMU may take to answer one monitoring question. */
#define SAR_QMP_TIMEOUT_MS	2000

struct sar_opts {
	const char	*name;
	int		 all;		/* -a: guests that are not running too */
	enum sar_format	 fmt;
	long		 count;		/* reports; 0 until interrupted */
	long		 interval;
	int		 host_cpus, host_mhz;
};

static volatile sig_atomic_t interrupted;

static void
on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

static int
take(const struct sar_opts *o, struct guest_sample **s, size_t *n, struct hpvm_err *e)
{
	if (o->name == NULL)
		return guest_sample_all(s, n, SAR_QMP_TIMEOUT_MS, e);
	if ((*s = calloc(1, sizeof(**s))) == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	*n = 1;
	if (guest_sample_one(o->name, *s, SAR_QMP_TIMEOUT_MS, e) == -1) {
		free(*s);
		*s = NULL;
		*n = 0;
		return -1;
	}
	if (!(*s)->v.rt.running && !o->all)
		return hpvm_fail(e, ESRCH, "The guest is not running.");
	return 0;
}

/* One report: every guest of `cur` (running ones unless -a) against its sample in `prev`. */
static void
report(const struct sar_opts *o, const struct guest_sample *prev, size_t nprev,
    const struct guest_sample *cur, size_t ncur)
{
	struct sar_total t = { 0 };
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	size_t i;

	/* Records have ':' between fields, so their time is in seconds since the epoch. */
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), o->fmt == SAR_TABLE ? "%H:%M:%S" : o->fmt == SAR_RECORD ? "%s" :
	    "%Y-%m-%dT%H:%M:%S", &tm);
	sar_fmt_header(stdout, o->fmt, when);
	for (i = 0; i < ncur; i++) {
		const struct guest_sample *p = guest_sample_find(prev, nprev, cur[i].v.g.uuid);
		struct guest_rates r;
		struct sar_row row = { .s = &cur[i], .r = NULL };
		if (!cur[i].v.rt.running && !o->all)
			continue;
		if (p != NULL && guest_sample_rates(p, &cur[i], o->host_cpus, o->host_mhz, &r) == 0)
			row.r = &r;
		sar_fmt_row(stdout, o->fmt, when, &row, &t);
	}
	sar_fmt_total(stdout, o->fmt, when, &t);
	fflush(stdout);
}

static int
run(const struct sar_opts *o, struct hpvm_err *e)
{
	struct guest_sample *prev = NULL, *cur = NULL;
	size_t nprev = 0, ncur = 0;
	long done;
	int rc = 0;

	if (take(o, &prev, &nprev, e) == -1) {
		guest_sample_free(prev, nprev);
		free(prev);
		return -1;
	}
	sar_fmt_begin(stdout, o->fmt, (int)o->interval, o->host_cpus);
	for (done = 0; (o->count == 0 || done < o->count) && !interrupted; done++) {
		struct timespec ts = { .tv_sec = o->interval };
		struct hpvm_err le = { 0 };
		while (nanosleep(&ts, &ts) == -1 && !interrupted)
			;
		if (interrupted)
			break;
		/* A guest that comes or goes between reports is no error; the listing goes on. */
		if ((rc = take(o, &cur, &ncur, o->name != NULL ? e : &le)) == -1)
			break;
		report(o, prev, nprev, cur, ncur);
		guest_sample_free(prev, nprev);
		free(prev);
		prev = cur;
		nprev = ncur;
		cur = NULL;
	}
	sar_fmt_end(stdout, o->fmt);
	guest_sample_free(prev, nprev);
	free(prev);
	return rc;
}

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

int
main(int argc, char *argv[])
{
	struct sar_opts o = { .fmt = SAR_TABLE, .count = -1, .interval = -1 };
	struct hpvm_err e = { 0 };
	struct sigaction sa = { .sa_handler = on_interrupt };
	int ch;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "P:aMXn:H")) != -1) {
		switch (ch) {
		case 'P': o.name = optarg; break;
		case 'a': o.all = 1; break;
		case 'M':
		case 'X':
			if (o.fmt != SAR_TABLE)
				usage(CMD_USAGE_ERROR);
			o.fmt = ch == 'M' ? SAR_RECORD : SAR_XML;
			break;
		case 'n':
			if (units_parse_int(optarg, 1, 1000000, &o.count) == -1)
				usage(CMD_USAGE_ERROR);
			break;
		case 'H': usage(CMD_HELP);
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if (argc - optind > 1 || (optind < argc && units_parse_int(argv[optind], 1, 3600, &o.interval) == -1))
		usage(CMD_USAGE_ERROR);
	/* As sar: no interval is one report over a second; an interval alone repeats until interrupted. */
	if (o.count == -1)
		o.count = o.interval == -1 ? 1 : 0;
	if (o.interval == -1)
		o.interval = 1;
	o.host_cpus = host_ncpus();
	o.host_mhz = host_cpu_mhz();
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	run(&o, &e);
	return cmdlog_end(hpvm_report("hpvmsar", o.name, &e));
}
