/* validate.h: the one validator create, modify, clone, start and migrate share. */
#ifndef HPVM_VALIDATE_H
#define HPVM_VALIDATE_H

struct guest;
struct guest_index;
struct hpvm_err;

#define MAX_VIO_STORAGE		30
#define MAX_AVIO_DEVICES	128
#define MIN_ENTITLEMENT		5
#define MIN_FILE_DISK_BYTES	512

int	guest_validate(const struct guest *, const struct guest_index *, struct hpvm_err *);

#endif
