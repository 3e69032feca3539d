/*
 * tok.c: lines of space-separated tokens. A string token is "=" and its bytes with '%', space
 * and control bytes as %XX, so one line holds any text; "-" stands for no string at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/tok.h"

void
tok_init(struct tok *t, const char *p, const char *end)
{
	t->p = p;
	t->end = end;
	t->bad = 0;
}

/* The next token as it stands (not unescaped); its length, 0 at the end of the line or after an error. */
size_t
tok_word(struct tok *t, const char **w)
{
	const char *s;

	if (t->bad || t->p >= t->end) {
		t->bad = 1;
		return 0;
	}
	for (s = t->p; s < t->end && *s != ' '; s++)
		;
	*w = t->p;
	if (s == t->p) {
		t->bad = 1;
		return 0;
	}
	t->p = s < t->end ? s + 1 : s;
	return (size_t)(s - *w);
}

/* Is the next token exactly `word`? It is consumed either way. */
int
tok_is(struct tok *t, const char *word)
{
	const char *w;
	size_t n = tok_word(t, &w);

	return n > 0 && n == strlen(word) && memcmp(w, word, n) == 0;
}

/* A decimal number from min to max; min, and bad, when it is anything else. */
long
tok_long(struct tok *t, long min, long max)
{
	const char *w;
	size_t i, n = tok_word(t, &w);
	long v = 0;
	int neg = n > 1 && w[0] == '-';

	for (i = neg; i < n && i < 12; i++) {
		if (w[i] < '0' || w[i] > '9')
			break;
		v = v * 10 + (w[i] - '0');
	}
	v = neg ? -v : v;
	if (n == 0 || i != n || v < min || v > max) {
		t->bad = 1;
		return min;
	}
	return v;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Unescape a "=..." token into buf; "-" (no string) reads as "" and returns 1; bad if it does not fit. */
int
tok_str(struct tok *t, char *buf, size_t len)
{
	const char *w;
	size_t i, o = 0, n = tok_word(t, &w);

	if (len > 0)
		buf[0] = '\0';
	if (n == 1 && w[0] == '-')
		return 1;
	if (n == 0 || w[0] != '=') {
		t->bad = 1;
		return 0;
	}
	for (i = 1; i < n && o + 1 < len; o++) {
		int hi, lo;
		if (w[i] != '%') {
			buf[o] = w[i++];
			continue;
		}
		if (i + 2 >= n || (hi = hexval(w[i + 1])) < 0 || (lo = hexval(w[i + 2])) < 0 ||
		    (hi == 0 && lo == 0)) {
			t->bad = 1;
			return 0;
		}
		buf[o] = (char)(hi << 4 | lo);
		i += 3;
	}
	if (i < n || len == 0) {
		t->bad = 1;
		return 0;
	}
	buf[o] = '\0';
	return 0;
}

/* A string token in new memory; NULL for "-" (or after an error, which sets bad). */
char *
tok_str_dup(struct tok *t)
{
	const char *w;
	struct tok peek = *t;
	size_t n = tok_word(&peek, &w);
	char *s;

	if (n == 1 && w[0] == '-') {
		*t = peek;
		return NULL;
	}
	if (t->bad || (s = malloc(n + 1)) == NULL) {
		t->bad = 1;
		return NULL;
	}
	if (tok_str(t, s, n + 1) != 0 || t->bad) {
		free(s);
		return NULL;
	}
	return s;
}

/* Everything read, nothing left over, no error. */
int
tok_done(const struct tok *t)
{
	return !t->bad && t->p >= t->end;
}

/* " =text", escaped; NULL becomes " -". */
void
tok_put_str(FILE *f, const char *s)
{
	if (s == NULL) {
		fputs(" -", f);
		return;
	}
	fputs(" =", f);
	while (*s != '\0') {
		size_t n = 0;
		unsigned char c;
		while ((c = (unsigned char)s[n]) > ' ' && c != '%' && c != 0x7f)
			n++;
		fwrite(s, 1, n, f);
		if ((c = (unsigned char)s[n]) == '\0')
			break;
		fprintf(f, "%%%02x", c);
		s += n + 1;
	}
}
