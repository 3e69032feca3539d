/* str.h: strings into fixed buffers, and user text made safe for logs and terminals. */
#ifndef HPVM_STR_H
#define HPVM_STR_H

#include <stddef.h>

int	str_copy(char *dst, size_t len, const char *src);
void	str_escape(char *dst, size_t len, const char *src);
size_t	str_hash(const char *s);

#endif
