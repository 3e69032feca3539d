/* sar_fmt.h: hpvmsar's reports: sar-like columns, -M records, -X XML; from samples and rates, no I/O. */
#ifndef HPVM_SAR_FMT_H
#define HPVM_SAR_FMT_H

#include <stdio.h>

struct guest_rates;
struct guest_sample;

enum sar_format { SAR_TABLE, SAR_RECORD, SAR_XML };

/* What one report line shows: a guest (rates NULL when it could not be measured), or the total. */
struct sar_row {
	const struct guest_sample	*s;
	const struct guest_rates	*r;
};

/* Sums over a report, for its TOTAL line and the averages at the end. */
struct sar_total {
	int		guests, vcpus;
	long		memory_mb;
	unsigned long long rss_kb;
	double		cpu_host_pct, rd_bps, wr_bps, rd_iops, wr_iops, in_bps, out_bps;
};

void	sar_fmt_begin(FILE *f, enum sar_format fmt, int interval, int host_cpus);
void	sar_fmt_header(FILE *f, enum sar_format fmt, const char *when);
void	sar_fmt_row(FILE *f, enum sar_format fmt, const char *when, const struct sar_row *row,
	    struct sar_total *t);
void	sar_fmt_total(FILE *f, enum sar_format fmt, const char *when, const struct sar_total *t);
void	sar_fmt_end(FILE *f, enum sar_format fmt);

#endif
