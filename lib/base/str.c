/* str.c: strings into fixed buffers, never silently cut. */
#include <stdio.h>
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

/*
 * User text on its way to a log line or a terminal: control bytes (a newline that would forge a
 * log entry, an escape that would drive the terminal) become \n, \t or \xNN; the rest stays.
 * Always NUL-terminated; cut short, never mid-escape, when `dst` is full.
 */
void
str_escape(char *dst, size_t len, const char *src)
{
	size_t o = 0;
	char esc[8];

	for (; *src != '\0'; src++) {
		unsigned char c = (unsigned char)*src;
		if (c == '\n')
			snprintf(esc, sizeof(esc), "\\n");
		else if (c == '\t')
			snprintf(esc, sizeof(esc), "\\t");
		else if (c < 0x20 || c == 0x7f)
			snprintf(esc, sizeof(esc), "\\x%02x", c);
		else {
			esc[0] = (char)c;
			esc[1] = '\0';
		}
		if (o + strlen(esc) + 1 > len)
			break;
		memcpy(dst + o, esc, strlen(esc));
		o += strlen(esc);
	}
	if (len > 0)
		dst[o] = '\0';
}

/* FNV-1a: for the hash tables that find one of many thousand names without a scan. */
size_t
str_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}
