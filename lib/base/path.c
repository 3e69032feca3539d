/* path.c: build host-state paths under $HPVM_ROOT so tests and second trees never touch the real one. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "base/path.h"

const char *
path_root(void)
{
	const char *r = getenv("HPVM_ROOT");

	if (r == NULL || *r == '\0' || strcmp(r, "/") == 0)
		return "";
	return r;
}

/* Format a path relative to the root; -1 (and the reason in `e`, which may be NULL) if it does not fit. */
int
path_build(char *buf, size_t len, struct hpvm_err *e, const char *fmt, ...)
{
	char rel[HPVM_PATH_LEN];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(rel)) {
		n = snprintf(buf, len, "%s%s", path_root(), rel);
		if (n >= 0 && (size_t)n < len)
			return 0;
	}
	if (len > 0)
		buf[0] = '\0';
	return hpvm_fail(e, ENAMETOOLONG, "HPVM_ROOT is too long.");
}

/* The path as the host will know it once HPVM_ROOT is gone: for messages that name a file. */
const char *
path_unrooted(const char *path)
{
	size_t n = strlen(path_root());

	return strncmp(path, path_root(), n) == 0 ? path + n : path;
}
