/* status_tables.h: hpvmstatus -r, -C, -R and -A: one aspect of every guest, one line each; no I/O. */
#ifndef HPVM_STATUS_TABLES_H
#define HPVM_STATUS_TABLES_H

#include <stdio.h>

struct guest_view;

enum status_table {
	STATUS_TABLE_RESOURCES,		/* -r: what running guests hold */
	STATUS_TABLE_CPU,		/* -C: virtual CPUs and entitlement */
	STATUS_TABLE_MEMORY,		/* -R: memory and reserved memory */
	STATUS_TABLE_ATTRIBUTES,	/* -A: start attribute, status attributes, label */
};

void	status_tables_header(FILE *f, enum status_table t);
void	status_tables_line(FILE *f, enum status_table t, const struct guest_view *v);

#endif
