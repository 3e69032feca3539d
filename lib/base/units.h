/* units.h: numbers and sizes as users type them, and as hpvmstatus prints them. */
#ifndef HPVM_UNITS_H
#define HPVM_UNITS_H

#include <stddef.h>
#include <stdint.h>

int	units_parse_int(const char *s, long lo, long hi, long *out);
int	units_parse_memory_mb(const char *s, long *mb);
int	units_parse_size(const char *s, uint64_t *bytes);
void	units_format_memory(long mb, char *buf, size_t len);

#endif
