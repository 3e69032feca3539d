/* names.h: what a guest name, vswitch name, label, account name and backing path may contain. */
#ifndef HPVM_NAMES_H
#define HPVM_NAMES_H

#include <stddef.h>

#define VSWITCH_NAME_MAX	12

struct hpvm_err;

int	name_check_guest(const char *, struct hpvm_err *);
int	name_check_vswitch(const char *, struct hpvm_err *);
int	name_check_label(const char *, struct hpvm_err *);
int	name_check_account(const char *, struct hpvm_err *);
int	name_check_location(const char *, int, struct hpvm_err *);
int	str_copy(char *, size_t, const char *);

#endif
