/* name.h: what a guest name, vswitch name, label, account name and backing path may contain. */
#ifndef HPVM_NAME_H
#define HPVM_NAME_H

#define GUEST_NAME_MAX		64
#define GUEST_LABEL_MAX		255
#define VSWITCH_NAME_MAX	12
#define ACL_NAME_MAX		32
#define LOCATION_MAX		1023

struct hpvm_err;

/* May a backing-store path be empty (a null placeholder)? */
enum name_empty { NAME_EMPTY_REFUSED, NAME_EMPTY_ALLOWED };

int	name_check_guest(const char *name, struct hpvm_err *e);
int	name_check_vswitch(const char *name, struct hpvm_err *e);
int	name_check_label(const char *label, struct hpvm_err *e);
int	name_check_account(const char *name, struct hpvm_err *e);
int	name_check_location(const char *path, enum name_empty empty, struct hpvm_err *e);

#endif
