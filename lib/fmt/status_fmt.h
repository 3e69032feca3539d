/* status_fmt.h: hpvmstatus output: HP's tables, -V detail, -M records, -X XML, -D statements; from views, no I/O. */
#ifndef HPVM_STATUS_FMT_H
#define HPVM_STATUS_FMT_H

#include <stddef.h>
#include <stdio.h>

struct guest;
struct guest_view;
struct hpvm_err;

enum ent_limit { ENT_LIMIT_MIN, ENT_LIMIT_MAX };
enum statements_form { STATEMENTS_TYPED, STATEMENTS_RESOLVED };

void	status_fmt_summary_header(FILE *f);
void	status_fmt_summary_line(FILE *f, const struct guest_view *v);
void	status_fmt_detail(FILE *f, const struct guest_view *v);
void	status_fmt_verbose(FILE *f, const struct guest_view *v);
void	status_fmt_record(FILE *f, const struct guest_view *v);
void	status_fmt_statements(FILE *f, const struct guest *g, enum statements_form form);
void	status_fmt_entitlement(const struct guest_view *gv, enum ent_limit which, char *buf,
	    size_t len);
int	status_fmt_xml(FILE *f, const struct guest_view *vs, size_t n, struct hpvm_err *e);

/* -X a run of guests at a time (libxml2's types kept out of the header). */
struct status_xml {
	void	*doc, *root;
	void	*out;		/* libxml2's output buffer, writing into the FILE given to begin */
};

void	status_fmt_xml_head(FILE *f, size_t n);
void	status_fmt_xml_tail(FILE *f, size_t n);
int	status_fmt_xml_begin(struct status_xml *x, FILE *f);
int	status_fmt_xml_guest(struct status_xml *x, const struct guest_view *v);
void	status_fmt_xml_end(struct status_xml *x);

#endif
