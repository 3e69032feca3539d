/* devmgmt.h: hpvmdevmgmt's operations on the device management database. */
#ifndef HPVM_DEVMGMT_H
#define HPVM_DEVMGMT_H

struct devdb;
struct hpvm_err;

/* hpvmdevmgmt -A: allocate the blocks of a new backing file, or leave it sparse. */
enum devmgmt_alloc { DEVMGMT_SPARSE, DEVMGMT_ALLOCATE };

int	devmgmt_add(const char *text, struct hpvm_err *e);
int	devmgmt_delete(const char *text, struct hpvm_err *e);
int	devmgmt_modify(const char *text, struct hpvm_err *e);
int	devmgmt_rename(const char *text, struct hpvm_err *e);
int	devmgmt_list(const char *text, struct devdb *out, struct hpvm_err *e);
int	devmgmt_import(struct hpvm_err *e);
int	devmgmt_read(char **text, struct hpvm_err *e);
int	devmgmt_create_file(const char *size, const char *path, enum devmgmt_alloc alloc,
	    struct hpvm_err *e);

#endif
