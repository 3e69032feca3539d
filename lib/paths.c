/* paths.c: build host-state paths under $HPVM_ROOT so tests and second trees never touch the real one. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

const char *
hpvm_root(void)
{
	const char *r = getenv("HPVM_ROOT");

	if (r == NULL || *r == '\0' || strcmp(r, "/") == 0)
		return "";
	return r;
}

/* Format a path relative to the root; returns -1 if it does not fit. */
int
hpvm_path(char *buf, size_t len, const char *fmt, ...)
{
	char rel[HPVM_PATH_LEN];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(rel))
		return -1;
	n = snprintf(buf, len, "%s%s", hpvm_root(), rel);
	return (n < 0 || (size_t)n >= len) ? -1 : 0;
}
