/* guest_line.h: a guest as one line of tokens, the form the guest index keeps it in: read in one pass, no XML. */
#ifndef HPVM_GUEST_LINE_H
#define HPVM_GUEST_LINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct guest;
struct tok;

#define GUEST_LINE_MACS_MAX	256

/* What listings and the uniqueness checks read of every guest: the front of its line. */
struct guest_summary {
	int		 vmnum, os, vcpus, memory_mb, visible;
	int		 ndisks, nnics, nmacs;
	int		 nports;	/* NICs that hold a vswitch port */
	const char	*ports;		/* where they are in the line, read only when asked */
};

void	guest_line_format(FILE *f, const struct guest *g, const char *const *ids);
int	guest_line_summary(struct tok *t, struct guest_summary *s, uint8_t (*macs)[6], size_t max);
void	guest_line_ports(const struct guest_summary *s, const char *end, const char *vswitch,
	    int *count, int max);
int	guest_line_parse(const char *line, size_t len, struct guest *g);

#endif
