/* str.c: strings into fixed buffers, never silently cut. */
#include <string.h>

#include "base/str.h"

/* Copy into a fixed buffer; -1 (and an empty string) if it does not fit. */
int
str_copy(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (n >= len) {
		dst[0] = '\0';
		return -1;
	}
	memcpy(dst, src, n + 1);
	return 0;
}
