/* devinfo_fmt.h: hpvmdevinfo: each guest device beside its host backing store, as a table or -M records; no I/O. */
#ifndef HPVM_DEVINFO_FMT_H
#define HPVM_DEVINFO_FMT_H

#include <stdio.h>

struct guest;

enum devinfo_form { DEVINFO_TABLE, DEVINFO_RECORD };

void	devinfo_fmt_header(FILE *f);
void	devinfo_fmt_guest(FILE *f, const struct guest *g, enum devinfo_form form);

#endif
