/* units.c: strict integer and size parsing: no trailing junk, no silent truncation of "1.5G". */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/units.h"

/* Decimal integer in [lo, hi]; 0 or -1. */
int
units_parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long n;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < lo || n > hi)
		return -1;
	*out = n;
	return 0;
}

static int
split_unit(const char *s, uint64_t *num, char *unit)
{
	char *end;
	unsigned long long n;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	*unit = (char)toupper((unsigned char)*end);
	if (*end != '\0') {
		end++;
		if (*end == 'B' || *end == 'b')		/* accept "MB", "GB" */
			end++;
		if (*end != '\0')
			return -1;
	}
	*num = n;
	return 0;
}

/* Memory for -r: a bare number is MB; M and G units. */
int
units_parse_memory_mb(const char *s, long *mb)
{
	uint64_t n;
	char unit;

	if (split_unit(s, &n, &unit) == -1)
		return -1;
	switch (unit) {
	case '\0': case 'M': break;
	case 'G': n *= 1024; break;
	case 'T': n *= 1024 * 1024; break;
	default: return -1;
	}
	if (n == 0 || n > 64UL * 1024 * 1024)
		return -1;
	*mb = (long)n;
	return 0;
}

/* Sizes with K/M/G/T (powers of 1024); a bare number is bytes. */
int
units_parse_size(const char *s, uint64_t *bytes)
{
	uint64_t n, mul = 1;
	char unit;

	if (split_unit(s, &n, &unit) == -1)
		return -1;
	switch (unit) {
	case '\0': break;
	case 'K': mul = 1ULL << 10; break;
	case 'M': mul = 1ULL << 20; break;
	case 'G': mul = 1ULL << 30; break;
	case 'T': mul = 1ULL << 40; break;
	default: return -1;
	}
	if (n > UINT64_MAX / mul)
		return -1;
	*bytes = n * mul;
	return 0;
}

/* "4 GB" when whole gigabytes, otherwise "1536 MB", as HP prints memory. */
void
units_format_memory(long mb, char *buf, size_t len)
{
	if (mb >= 1024 && mb % 1024 == 0)
		snprintf(buf, len, "%ld GB", mb / 1024);
	else
		snprintf(buf, len, "%ld MB", mb);
}
