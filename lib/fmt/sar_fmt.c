/* sar_fmt.c: hpvmsar's report: a time-stamped block of columns per interval as sar and xentop print them, -M records, -X XML. */
#include <stdio.h>
#include <string.h>

#include "fmt/sar_fmt.h"
#include "model/guest.h"
#include "ops/guest_sample.h"

#define KB	1024.0

/* Guest names are checked when they are made, but XML is escaped all the same. */
static void
xml_text(FILE *f, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
}

void
sar_fmt_begin(FILE *f, enum sar_format fmt, int interval, int host_cpus)
{
	if (fmt == SAR_XML)
		fprintf(f, "<?xml version=\"1.0\"?>\n<hpvmsar interval=\"%d\" host_cpus=\"%d\">\n",
		    interval, host_cpus);
}

void
sar_fmt_header(FILE *f, enum sar_format fmt, const char *when)
{
	if (fmt == SAR_TABLE)
		fprintf(f, "\n%-8s %-20s %4s %5s %7s %6s %7s %7s %9s %9s %7s %7s %9s %9s\n", when,
		    "Virtual Machine Name", "VM #", "vCPUs", "%ENT", "%HOST", "MemMB", "RssMB",
		    "rdKB/s", "wrKB/s", "rdIO/s", "wrIO/s", "inKB/s", "outKB/s");
	else if (fmt == SAR_XML)
		fprintf(f, "  <sample time=\"%s\">\n", when);
}

static void
add(struct sar_total *t, const struct guest_sample *s, const struct guest_rates *r)
{
	t->guests++;
	t->vcpus += s->v.g.vcpus;
	t->memory_mb += s->v.g.memory_mb;
	t->rss_kb += s->rss_kb;
	if (r == NULL)
		return;
	t->cpu_host_pct += r->cpu_host_pct;
	t->rd_bps += r->rd_bps;
	t->wr_bps += r->wr_bps;
	t->rd_iops += r->rd_iops;
	t->wr_iops += r->wr_iops;
	t->in_bps += r->in_bps;
	t->out_bps += r->out_bps;
}

void
sar_fmt_row(FILE *f, enum sar_format fmt, const char *when, const struct sar_row *row,
    struct sar_total *t)
{
	const struct guest_sample *s = row->s;
	const struct guest *g = &s->v.g;
	const struct guest_rates *r = row->r;

	add(t, s, r);
	if (fmt == SAR_TABLE && r == NULL)
		fprintf(f, "%-8s %-20s %4d %5d %7s %6s %7d %7s %9s %9s %7s %7s %9s %9s\n", when, g->name,
		    g->vmnum, g->vcpus, "-", "-", g->memory_mb, "-", "-", "-", "-", "-", "-", "-");
	else if (fmt == SAR_TABLE)
		fprintf(f, "%-8s %-20s %4d %5d %7.1f %6.1f %7d %7.0f %9.1f %9.1f %7.1f %7.1f %9.1f %9.1f\n",
		    when, g->name, g->vmnum, g->vcpus, r->cpu_ent_pct, r->cpu_host_pct, g->memory_mb,
		    (double)s->rss_kb / KB, r->rd_bps / KB, r->wr_bps / KB, r->rd_iops, r->wr_iops,
		    r->in_bps / KB, r->out_bps / KB);
	else if (fmt == SAR_RECORD && r == NULL)
		fprintf(f, "%s:%s:%d:%s:%d::::%d::::::::::\n", when, g->name, g->vmnum, s->v.rt.state,
		    g->vcpus, g->memory_mb);
	else if (fmt == SAR_RECORD)
		fprintf(f, "%s:%s:%d:%s:%d:%.2f:%.2f:%.3f:%d:%llu:%.0f:%.0f:%.1f:%.1f:%.0f:%.0f:%.1f:%.1f\n",
		    when, g->name, g->vmnum, s->v.rt.state, g->vcpus, r->cpu_ent_pct, r->cpu_host_pct,
		    r->interval, g->memory_mb, (unsigned long long)s->rss_kb, r->rd_bps, r->wr_bps,
		    r->rd_iops, r->wr_iops, r->in_bps, r->out_bps, r->in_pps, r->out_pps);
	else {
		fprintf(f, "    <guest name=\"");
		xml_text(f, g->name);
		fprintf(f, "\" uuid=\"%s\" vm_number=\"%d\" state=\"", g->uuid, g->vmnum);
		xml_text(f, s->v.rt.state);
		fprintf(f, "\" vcpus=\"%d\" memory_mb=\"%d\"", g->vcpus, g->memory_mb);
		if (r != NULL)
			fprintf(f, " rss_kb=\"%llu\">\n      <cpu entitlement_pct=\"%.2f\" host_pct=\"%.2f\"/>\n"
			    "      <disk read_bps=\"%.0f\" write_bps=\"%.0f\" read_iops=\"%.1f\" "
			    "write_iops=\"%.1f\"/>\n      <network in_bps=\"%.0f\" out_bps=\"%.0f\" "
			    "in_pps=\"%.1f\" out_pps=\"%.1f\"/>\n    </guest>\n",
			    (unsigned long long)s->rss_kb, r->cpu_ent_pct, r->cpu_host_pct, r->rd_bps,
			    r->wr_bps, r->rd_iops, r->wr_iops, r->in_bps, r->out_bps, r->in_pps, r->out_pps);
		else
			fprintf(f, "/>\n");
	}
}

void
sar_fmt_total(FILE *f, enum sar_format fmt, const char *when, const struct sar_total *t)
{
	if (fmt == SAR_TABLE)
		fprintf(f, "%-8s %-20s %4s %5d %7s %6.1f %7ld %7.0f %9.1f %9.1f %7.1f %7.1f %9.1f %9.1f\n",
		    when, "TOTAL", "", t->vcpus, "", t->cpu_host_pct, t->memory_mb,
		    (double)t->rss_kb / KB, t->rd_bps / KB, t->wr_bps / KB, t->rd_iops, t->wr_iops,
		    t->in_bps / KB, t->out_bps / KB);
	else if (fmt == SAR_RECORD)
		fprintf(f, "%s:TOTAL:%d::%d::%.2f::%ld:%llu:%.0f:%.0f:%.1f:%.1f:%.0f:%.0f::\n", when,
		    t->guests, t->vcpus, t->cpu_host_pct, t->memory_mb, t->rss_kb, t->rd_bps, t->wr_bps,
		    t->rd_iops, t->wr_iops, t->in_bps, t->out_bps);
	else
		fprintf(f, "    <total guests=\"%d\" vcpus=\"%d\" memory_mb=\"%ld\" rss_kb=\"%llu\" "
		    "host_pct=\"%.2f\" read_bps=\"%.0f\" write_bps=\"%.0f\" in_bps=\"%.0f\" "
		    "out_bps=\"%.0f\"/>\n  </sample>\n", t->guests, t->vcpus, t->memory_mb, t->rss_kb,
		    t->cpu_host_pct, t->rd_bps, t->wr_bps, t->in_bps, t->out_bps);
}

void
sar_fmt_end(FILE *f, enum sar_format fmt)
{
	if (fmt == SAR_XML)
		fprintf(f, "</hpvmsar>\n");
}
