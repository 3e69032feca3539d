/* vswitch_fmt.h: hpvmnet output: HP's tables, port detail with counters, -M and -X; from views, no I/O. */
#ifndef HPVM_VSWITCH_FMT_H
#define HPVM_VSWITCH_FMT_H

#include <stddef.h>
#include <stdio.h>

struct hpvm_err;
struct vswitch_port_view;
struct vswitch_view;

void	vswitch_fmt_header(FILE *f);
void	vswitch_fmt_line(FILE *f, const struct vswitch_view *v);
void	vswitch_fmt_record(FILE *f, const struct vswitch_view *v);
void	vswitch_fmt_ports(FILE *f, const struct vswitch_view *v);
void	vswitch_fmt_port_detail(FILE *f, const struct vswitch_view *v, const struct vswitch_port_view *pv,
	    int counters);
int	vswitch_fmt_xml(FILE *f, struct vswitch_view *const *views, size_t n, struct hpvm_err *e);

#endif
