/* devdb_fmt.h: hpvmdevmgmt output: HP's line format, -V detail, and the -r repair script. */
#ifndef HPVM_DEVDB_FMT_H
#define HPVM_DEVDB_FMT_H

#include <stdio.h>

struct devdb;

enum devdb_fmt_style { DEVDB_FMT_LINES, DEVDB_FMT_VERBOSE };

void	devdb_fmt_list(FILE *f, const struct devdb *db, enum devdb_fmt_style style);
void	devdb_fmt_repair_script(FILE *f, const char *text);

#endif
