/* units.h: numbers and sizes as users type them, and as hpvmstatus prints them. */
#ifndef HPVM_UNITS_H
#define HPVM_UNITS_H

#include <stddef.h>
#include <stdint.h>

int	parse_int(const char *, long, long, long *);
int	parse_memory_mb(const char *, long *);
int	parse_size_bytes(const char *, uint64_t *);
void	format_memory(long, char *, size_t);

#endif
