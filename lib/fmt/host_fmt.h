/* host_fmt.h: hpvmstatus -s, -S and -m: the host in HP's "[Section]" and "key = value" manner; no I/O. */
#ifndef HPVM_HOST_FMT_H
#define HPVM_HOST_FMT_H

#include <stdio.h>

struct host_view;

void	host_fmt_server(FILE *f, const struct host_view *hv);
void	host_fmt_scheduler(FILE *f, const struct host_view *hv);
void	host_fmt_multiserver(FILE *f, const struct host_view *hv);

#endif
