/*
 * guest_line.c: a guest as one line of tokens for the guest index. The front (the summary:
 * VM number, OS, sizes, counts, MACs) is what listings and creates read of every guest; the
 * rest is everything else the configuration holds, read only when a guest is shown whole.
 * Enumerations are written by name, so the line does not depend on the order of an enum.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/mac.h"
#include "base/tok.h"
#include "model/guest.h"
#include "model/guest_line.h"

static const char *const acl_levels[] = { "oper", "admin" };
static const char *const ent_units[] = { "percent", "mhz" };

static void
put_macs(FILE *f, const struct guest *g)
{
	char mac[MAC_STR_LEN + 1];
	size_t i, n = 0;

	for (i = 0; i < g->ndevs; i++)
		n += g->devs[i].type == DEV_NETWORK && g->devs[i].has_mac;
	fprintf(f, " %zu", n);
	for (i = 0; i < g->ndevs; i++)
		if (g->devs[i].type == DEV_NETWORK && g->devs[i].has_mac) {
			mac_format(g->devs[i].mac, mac, sizeof(mac));
			fprintf(f, " %s", mac);
		}
}

/* The vswitch ports the NICs hold, at the front: a create counts a switch's ports without reading whole lines. */
static void
put_ports(FILE *f, const struct guest *g)
{
	size_t i, n = 0;

	for (i = 0; i < g->ndevs; i++)
		n += g->devs[i].type == DEV_NETWORK && g->devs[i].portid >= 0;
	fprintf(f, " %zu", n);
	for (i = 0; i < g->ndevs; i++)
		if (g->devs[i].type == DEV_NETWORK && g->devs[i].portid >= 0) {
			tok_put_str(f, g->devs[i].location);
			fprintf(f, " %d", g->devs[i].portid);
		}
}

static void
put_acls(FILE *f, const struct acl *a, int n)
{
	int i;

	fprintf(f, " %d", n);
	for (i = 0; i < n; i++) {
		tok_put_str(f, a[i].name);
		fprintf(f, " %s", acl_levels[a[i].level]);
	}
}

static void
put_device(FILE *f, const struct device *d, const char *id)
{
	char mac[MAC_STR_LEN + 1] = "-";

	if (d->has_mac)
		mac_format(d->mac, mac, sizeof(mac));
	fprintf(f, " %s %s %d %d %d %s", device_type_name(d->type), device_adapter_name(d->adapter),
	    d->bus, d->dev, d->target, device_backing_name(d->backing));
	tok_put_str(f, d->location);
	fprintf(f, " %s %d", mac, d->portid);
	tok_put_str(f, d->spec);
	tok_put_str(f, id != NULL ? id : "");
}

/* `g` as one line (no newline); `ids` (may be NULL) holds each device's backing-store identity. */
void
guest_line_format(FILE *f, const struct guest *g, const char *const *ids)
{
	size_t i;

	fprintf(f, "%d %s %d %d %d %zu %zu", g->vmnum, guest_os_limits(g->os)->name, g->vcpus,
	    g->memory_mb, g->visible, guest_count_devices(g, DEVICES_STORAGE),
	    guest_count_devices(g, DEVICES_NICS));
	put_macs(f, g);
	put_ports(f, g);
	fprintf(f, " %s %d %d %d %d %d %d %d %d", ent_units[g->ent_unit], g->ent_min, g->ent_max,
	    g->start_auto, g->runnable, g->modifiable, g->registered, g->uefi, g->reserved_mb);
	tok_put_str(f, g->label);
	tok_put_str(f, g->boot_kernel);
	tok_put_str(f, g->boot_initrd);
	tok_put_str(f, g->boot_args);
	tok_put_str(f, g->cluster);
	put_acls(f, g->users, g->nusers);
	put_acls(f, g->groups, g->ngroups);
	fprintf(f, " %zu", g->ndevs);
	for (i = 0; i < g->ndevs; i++)
		put_device(f, &g->devs[i], ids != NULL ? ids[i] : NULL);
}

/* Which of `names` the next token is; bad when none. */
static int
tok_choice(struct tok *t, const char *const *names, int n)
{
	const char *w;
	size_t len = tok_word(t, &w);
	int i;

	for (i = 0; i < n && len > 0; i++)
		if (strlen(names[i]) == len && strncasecmp(w, names[i], len) == 0)
			return i;
	t->bad = 1;
	return 0;
}

/* A MAC address; 0 for "-" when `optional`, 1 when one was read. */
static int
tok_mac(struct tok *t, uint8_t mac[6], int optional)
{
	char buf[MAC_STR_LEN + 1];
	const char *w;
	size_t n = tok_word(t, &w);

	if (optional && n == 1 && w[0] == '-')
		return 0;
	if (n != MAC_STR_LEN) {
		t->bad = 1;
		return 0;
	}
	memcpy(buf, w, n);
	buf[n] = '\0';
	if (mac_parse(buf, mac) == -1)
		t->bad = 1;
	return 1;
}

/* The front of a line; MACs go to `macs` (at most `max` of them, NULL for none). 0, or -1. */
int
guest_line_summary(struct tok *t, struct guest_summary *s, uint8_t (*macs)[6], size_t max)
{
	static const char *const os[] = { "UNKNOWN", "HPUX", "LINUX", "WINDOWS" };
	uint8_t skip[6];
	const char *w;
	int i;

	s->vmnum = (int)tok_long(t, 0, 1 << 30);
	s->os = tok_choice(t, os, 4);
	s->vcpus = (int)tok_long(t, 0, 1 << 30);
	s->memory_mb = (int)tok_long(t, 0, 1 << 30);
	s->visible = (int)tok_long(t, 0, 1);
	s->ndisks = (int)tok_long(t, 0, 1 << 16);
	s->nnics = (int)tok_long(t, 0, 1 << 16);
	s->nmacs = (int)tok_long(t, 0, GUEST_LINE_MACS_MAX);
	for (i = 0; i < s->nmacs && !t->bad; i++)
		tok_mac(t, macs != NULL && (size_t)i < max ? macs[i] : skip, 0);
	s->nports = (int)tok_long(t, 0, 1 << 16);
	s->ports = t->p;
	for (i = 0; i < 2 * s->nports && !t->bad; i++)
		tok_word(t, &w);
	return t->bad ? -1 : 0;
}

/* Count into `count` (`max` ports) the ports a summarized line holds on `vswitch`. */
void
guest_line_ports(const struct guest_summary *s, const char *end, const char *vswitch, int *count,
    int max)
{
	char sw[LOCATION_MAX + 1];
	struct tok t;
	long port;
	int i;

	tok_init(&t, s->ports, end);
	for (i = 0; i < s->nports && !t.bad; i++) {
		tok_str(&t, sw, sizeof(sw));
		port = tok_long(&t, -1, max - 1);
		if (!t.bad && port >= 0 && strcmp(sw, vswitch) == 0)
			count[port]++;
	}
}

static void
parse_acls(struct tok *t, struct acl *a, int *n)
{
	int i, count = (int)tok_long(t, 0, ACL_MAX);

	for (i = 0; i < count && !t->bad; i++) {
		char name[ACL_NAME_MAX + 1];
		tok_str(t, name, sizeof(name));
		int level = tok_choice(t, acl_levels, 2);
		if (!t->bad && guest_acl_set(a, n, name, (enum acl_level)level) == -1)
			t->bad = 1;
	}
}

static void
parse_device(struct tok *t, struct device *d)
{
	static const char *const types[] = { "disk", "dvd", "tape", "changer", "burner", "network" };
	static const char *const ads[] = { "scsi", "avio_stor", "lan", "avio_lan" };
	static const char *const bks[] = { "disk", "lv", "file", "null", "attach", "vswitch" };
	const char *id;

	memset(d, 0, sizeof(*d));
	d->type = (enum devtype)tok_choice(t, types, 6);
	d->adapter = (enum adapter)tok_choice(t, ads, 4);
	d->bus = (int)tok_long(t, 0, PCI_BUS_MAX);
	d->dev = (int)tok_long(t, 0, PCI_DEV_MAX);
	d->target = (int)tok_long(t, -1, 1 << 16);
	d->backing = (enum backing)tok_choice(t, bks, 6);
	tok_str(t, d->location, sizeof(d->location));
	d->has_mac = tok_mac(t, d->mac, 1);
	d->portid = (int)tok_long(t, -1, PORTID_MAX);
	d->spec = tok_str_dup(t);
	tok_word(t, &id);		/* the backing store's identity: the index's, not the guest's */
}

/* The whole guest from its line. 0, or -1 with `g` left empty. */
int
guest_line_parse(const char *line, size_t len, struct guest *g)
{
	struct guest_summary s;
	struct tok t;
	struct device d;
	long i, ndevs;

	guest_init(g);
	tok_init(&t, line, line + len);
	guest_line_summary(&t, &s, NULL, 0);
	g->vmnum = s.vmnum;
	g->os = (enum ostype)s.os;
	g->vcpus = s.vcpus;
	g->memory_mb = s.memory_mb;
	g->visible = s.visible;
	g->ent_unit = (enum ent_unit)tok_choice(&t, ent_units, 2);
	g->ent_min = (int)tok_long(&t, 0, 1 << 30);
	g->ent_max = (int)tok_long(&t, 0, 1 << 30);
	g->start_auto = (int)tok_long(&t, 0, 1);
	g->runnable = (int)tok_long(&t, 0, 1);
	g->modifiable = (int)tok_long(&t, 0, 1);
	g->registered = (int)tok_long(&t, 0, 1);
	g->uefi = (int)tok_long(&t, 0, 1);
	g->reserved_mb = (int)tok_long(&t, 0, 1 << 30);
	tok_str(&t, g->label, sizeof(g->label));
	tok_str(&t, g->boot_kernel, sizeof(g->boot_kernel));
	tok_str(&t, g->boot_initrd, sizeof(g->boot_initrd));
	tok_str(&t, g->boot_args, sizeof(g->boot_args));
	tok_str(&t, g->cluster, sizeof(g->cluster));
	parse_acls(&t, g->users, &g->nusers);
	parse_acls(&t, g->groups, &g->ngroups);
	ndevs = tok_long(&t, 0, 1 << 12);
	for (i = 0; i < ndevs && !t.bad; i++) {
		parse_device(&t, &d);
		if (!t.bad && guest_device_add(g, &d) == -1)
			t.bad = 1;
		device_free(&d);
	}
	if (!tok_done(&t)) {
		guest_free(g);
		guest_init(g);
		return -1;
	}
	return 0;
}
