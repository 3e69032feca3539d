/* guest_nic.h: a guest's NICs as taps on vswitch ports while it runs. */
#ifndef HPVM_GUEST_NIC_H
#define HPVM_GUEST_NIC_H

#include <stddef.h>

struct device;
struct guest;
struct guest_index;
struct hpvm_err;

int	guest_nic_tap(const struct guest *g, const struct device *d, char *buf, size_t len);
int	guest_nic_reserve_ports(struct guest *g, const struct guest_index *ix, const char *as,
	    struct hpvm_err *e);
int	guest_nic_plug(const struct guest *g, const struct device *d, struct hpvm_err *e);
void	guest_nic_unplug(const struct guest *g, const struct device *d);
int	guest_nic_plug_all(const struct guest *g, struct hpvm_err *e);
void	guest_nic_unplug_all(const char *uuid);

#endif
