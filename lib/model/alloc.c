/* alloc.c: fill in bus,device,target and MAC addresses without colliding with anything already configured. */
#include <errno.h>
#include <string.h>

#include "model/alloc.h"
#include "base/hpvm_err.h"
#include "model/guest.h"
#include "model/guest_index.h"
#include "model/probe.h"
#include "model/rspec.h"

#define SLOTS	((PCI_BUS_MAX + 1) * (PCI_DEV_MAX + 1))

/* Bus 0 device 3 is the console's (HP: Windows breaks with a NIC there); never chosen automatically. */
int
alloc_slot_reserved(int bus, int dev)
{
	return bus == 0 && dev == 3;
}

enum slot_use { SLOT_FREE, SLOT_SCSI, SLOT_AVIO_STOR, SLOT_NIC };

static enum slot_use
use_of(const struct device *d)
{
	if (d->type == DEV_NETWORK)
		return SLOT_NIC;
	return d->adapter == AD_SCSI ? SLOT_SCSI : SLOT_AVIO_STOR;
}

static void
map_slots(const struct guest *g, enum slot_use use[SLOTS])
{
	size_t i;

	memset(use, 0, SLOTS * sizeof(use[0]));
	for (i = 0; i < g->ndevs; i++)
		if (g->devs[i].bus >= 0 && g->devs[i].dev >= 0)
			use[g->devs[i].bus * (PCI_DEV_MAX + 1) + g->devs[i].dev] = use_of(&g->devs[i]);
}

static int
target_used(const struct guest *g, int bus, int dev, int target)
{
	size_t i;

	for (i = 0; i < g->ndevs; i++)
		if (g->devs[i].type != DEV_NETWORK && g->devs[i].bus == bus &&
		    g->devs[i].dev == dev && g->devs[i].target == target)
			return 1;
	return 0;
}

static int
free_target(const struct guest *g, int bus, int dev, int adapter)
{
	int t;

	for (t = 0; t <= rspec_target_max(adapter); t++)
		if (!target_used(g, bus, dev, t))
			return t;
	return -1;
}

/* A slot for `d`: one that already holds its kind of storage adapter with a free target, else an empty one. */
static int
pick_slot(const struct guest *g, const struct device *d, const enum slot_use use[SLOTS])
{
	int s;

	if (d->type != DEV_NETWORK)
		for (s = 0; s < SLOTS; s++)
			if (use[s] == use_of(d) &&
			    free_target(g, s / (PCI_DEV_MAX + 1), s % (PCI_DEV_MAX + 1), d->adapter) >= 0)
				return s;
	for (s = 0; s < SLOTS; s++)
		if (use[s] == SLOT_FREE && !alloc_slot_reserved(s / (PCI_DEV_MAX + 1), s % (PCI_DEV_MAX + 1)))
			return s;
	return -1;
}

int
alloc_addresses(struct guest *g, struct hpvm_err *e)
{
	enum slot_use use[SLOTS];
	size_t i;
	int s;

	for (i = 0; i < g->ndevs; i++) {
		struct device *d = &g->devs[i];
		if (d->bus < 0 || d->dev < 0) {
			map_slots(g, use);
			if (d->bus >= 0 || d->dev >= 0)
				return hpvm_fail(e, EINVAL, "Give both PCI bus and device, or neither, "
				    "in '%s'.", d->spec ? d->spec : "");
			if ((s = pick_slot(g, d, use)) == -1)
				return hpvm_fail(e, ENOSPC, "No free PCI slot for '%s'.",
				    d->spec ? d->spec : "");
			d->bus = s / (PCI_DEV_MAX + 1);
			d->dev = s % (PCI_DEV_MAX + 1);
		}
		if (d->type != DEV_NETWORK && d->target < 0 &&
		    (d->target = free_target(g, d->bus, d->dev, d->adapter)) < 0)
			return hpvm_fail(e, ENOSPC, "No free target on PCI bus %d device %d for '%s'.",
			    d->bus, d->dev, d->spec ? d->spec : "");
	}
	return 0;
}

static int
mac_taken(const struct guest *g, const struct guest_index *ix, const struct probe *p,
    const uint8_t mac[6])
{
	char nic[64];
	size_t i;

	for (i = 0; i < g->ndevs; i++)
		if (g->devs[i].has_mac && memcmp(g->devs[i].mac, mac, 6) == 0)
			return 1;
	return (ix != NULL && guest_index_mac_owner(ix, mac) != NULL) ||
	    p->nic_mac_owner(mac, nic, sizeof(nic));
}

/* Random locally administered unicast MACs, as HP generated them, unique among guests and host NICs. */
int
alloc_macs(struct guest *g, const struct guest_index *ix, const struct probe *p,
    struct hpvm_err *e)
{
	uint8_t mac[6];
	size_t i;
	int tries;

	for (i = 0; i < g->ndevs; i++) {
		struct device *d = &g->devs[i];
		if (d->type != DEV_NETWORK || d->has_mac)
			continue;
		for (tries = 0; tries < 64; tries++) {
			if (p->random(mac, sizeof(mac)) == -1)
				return hpvm_fail(e, EIO, "Unable to create Ethernet MAC Address.");
			mac[0] = (uint8_t)((mac[0] & 0xfc) | 0x02);
			if (!mac_taken(g, ix, p, mac))
				break;
		}
		if (tries == 64)
			return hpvm_fail(e, EEXIST, "Unable to create Ethernet MAC Address.");
		memcpy(d->mac, mac, 6);
		d->has_mac = 1;
	}
	return 0;
}
