/* status_fmt.h: hpvmstatus output: HP's tables, -V detail, -M records, -X XML, -D statements. */
#ifndef HPVM_STATUS_FMT_H
#define HPVM_STATUS_FMT_H

#include <stdio.h>

struct guest;
struct hpvm_err;

const char	*guest_state(const struct guest *);
void		 status_summary_header(FILE *);
void		 status_summary_line(FILE *, const struct guest *);
void		 status_detail(FILE *, const struct guest *);
void		 status_verbose(FILE *, const struct guest *);
void		 status_record(FILE *, const struct guest *);
void		 status_statements(FILE *, const struct guest *);
int		 status_xml(FILE *, struct guest *const *, size_t, struct hpvm_err *);

#endif
