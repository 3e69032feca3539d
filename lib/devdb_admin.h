/* devdb_admin.h: hpvmdevmgmt's operations on the device management database. */
#ifndef HPVM_DEVDB_ADMIN_H
#define HPVM_DEVDB_ADMIN_H

#include <stdio.h>

struct hpvm_err;

int	devmgmt_add(const char *, struct hpvm_err *);
int	devmgmt_delete(const char *, struct hpvm_err *);
int	devmgmt_modify(const char *, struct hpvm_err *);
int	devmgmt_rename(const char *, struct hpvm_err *);
int	devmgmt_list(FILE *, const char *, int, struct hpvm_err *);
int	devmgmt_import(struct hpvm_err *);
int	devmgmt_repair_script(FILE *, struct hpvm_err *);
int	devmgmt_create_file(const char *, const char *, int, struct hpvm_err *);

#endif
