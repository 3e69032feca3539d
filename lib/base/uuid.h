/* uuid.h: random UUIDs in their 36-character text form. */
#ifndef HPVM_UUID_H
#define HPVM_UUID_H

#include <stddef.h>

#define UUID_STR_LEN	36

int	uuid_generate(char *buf, size_t len);
int	uuid_valid(const char *s);

#endif
