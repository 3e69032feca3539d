/* guest_index.h: what all configured guests hold that must stay unique: names, VM numbers, MACs. */
#ifndef HPVM_GUEST_INDEX_H
#define HPVM_GUEST_INDEX_H

#include <stddef.h>
#include <stdint.h>

struct hpvm_err;

struct guest_mac {
	uint8_t	mac[6];
	size_t	owner;				/* index into names */
};

struct guest_index {
	char			**names;
	int			 *vmnums;
	size_t			  n;
	struct guest_mac	 *macs;
	size_t			  nmacs;
};

int		 guest_index_scan(struct guest_index *, const char *, int, struct hpvm_err *);
void		 guest_index_free(struct guest_index *);
int		 guest_index_next_vmnum(const struct guest_index *);
const char	*guest_index_mac_owner(const struct guest_index *, const uint8_t[6]);

#endif
