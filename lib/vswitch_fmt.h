/* vswitch_fmt.h: hpvmnet output: HP's tables, port detail with counters, -M and -X. */
#ifndef HPVM_VSWITCH_FMT_H
#define HPVM_VSWITCH_FMT_H

#include <stdio.h>

struct vswitch;
struct hpvm_err;

void	vswitch_table_header(FILE *);
void	vswitch_table_line(FILE *, const struct vswitch *);
void	vswitch_record(FILE *, const struct vswitch *);
void	vswitch_ports_table(FILE *, const struct vswitch *);
int	vswitch_port_detail(FILE *, const struct vswitch *, int, struct hpvm_err *);
int	vswitch_counters_clear(const struct vswitch *, struct hpvm_err *);
int	vswitch_xml(FILE *, struct vswitch *const *, size_t, struct hpvm_err *);

#endif
