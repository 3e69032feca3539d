/* guest_index.h: what all configured guests hold that must stay unique: names, VM numbers, MACs. */
#ifndef HPVM_GUEST_INDEX_H
#define HPVM_GUEST_INDEX_H

#include <stddef.h>
#include <stdint.h>

struct guest;

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

int		 guest_index_add_macs(struct guest_index *ix, const struct guest *g, size_t owner);
void		 guest_index_free(struct guest_index *ix);
int		 guest_index_next_vmnum(const struct guest_index *ix);
const char	*guest_index_mac_owner(const struct guest_index *ix, const uint8_t mac[6]);

#endif
