/* validate.h: the one validator create, modify, clone, start and migrate share. */
#ifndef HPVM_VALIDATE_H
#define HPVM_VALIDATE_H

struct guest;
struct guest_index;
struct hpvm_err;
struct probe;

#define MAX_VIO_STORAGE		30
#define MAX_AVIO_DEVICES	128
#define MIN_FILE_DISK_BYTES	512

int	validate_guest(const struct guest *g, const struct guest_index *ix, const struct probe *p,
	    struct hpvm_err *e);

#endif
