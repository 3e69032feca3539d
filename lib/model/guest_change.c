/* guest_change.c: turn -c -e -E -r -O -l -B -u -g -x and -a/-d/-m statements into changes of a guest. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/hpvm_err.h"
#include "base/name.h"
#include "base/str.h"
#include "base/units.h"
#include "model/guest.h"
#include "model/guest_change.h"
#include "model/rspec.h"

/* "N[.frac][:M]": HP ignores the fraction of a percentage. */
static int
parse_entitlement(const char *s, long hi, int *min, int *max)
{
	char buf[64], *colon, *dot;
	long a, b = -1;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	if ((colon = strchr(buf, ':')) != NULL) {
		*colon++ = '\0';
		if ((dot = strchr(colon, '.')) != NULL && strspn(dot + 1, "0123456789") == strlen(dot + 1))
			*dot = '\0';
		if (units_parse_int(colon, 0, hi, &b) == -1)
			return -1;
	}
	if ((dot = strchr(buf, '.')) != NULL && strspn(dot + 1, "0123456789") == strlen(dot + 1))
		*dot = '\0';
	if (units_parse_int(buf, 0, hi, &a) == -1)
		return -1;
	*min = (int)a;
	if (b >= 0)
		*max = (int)b;
	return 0;
}

/* "name[:admin|:oper|:remove]". */
static int
apply_acl(struct acl *list, int *n, const char *arg, const char *what, struct hpvm_err *e)
{
	char name[ACL_NAME_MAX + 16], *colon;
	enum acl_level level = ACL_OPER;

	if (strlen(arg) >= sizeof(name))
		return hpvm_fail(e, EINVAL, "Invalid %s '%s'.", what, arg);
	strcpy(name, arg);
	if ((colon = strchr(name, ':')) != NULL) {
		*colon++ = '\0';
		if (strcmp(colon, "remove") == 0) {
			if (guest_acl_remove(list, n, name) == -1)
				return hpvm_fail(e, ENOENT, "The %s '%s' is not authorized for this "
				    "guest.", what, name);
			return 0;
		}
		if (strcmp(colon, "admin") == 0)
			level = ACL_ADMIN;
		else if (strcmp(colon, "oper") != 0)
			return hpvm_fail(e, EINVAL, "Invalid access level '%s' for %s '%s': use "
			    "admin or oper.", colon, what, name);
	}
	if (name_check_account(name, e) == -1)
		return -1;
	if (guest_acl_set(list, n, name, level) == -1)
		return hpvm_fail(e, ENOSPC, "Too many console %ss (at most %d).", what, ACL_MAX);
	return 0;
}

/* -x boot_kernel=, boot_initrd=, boot_args=, firmware=: how the guest boots. */
static int
apply_boot_attr(struct guest *g, const char *key, const char *val, struct hpvm_err *e)
{
	if (strcmp(key, "firmware") == 0) {
		if (strcmp(val, "bios") != 0 && strcmp(val, "uefi") != 0)
			return hpvm_fail(e, EINVAL, "Invalid firmware '%s': use bios or uefi.", val);
		g->uefi = strcmp(val, "uefi") == 0;
		return 0;
	}
	if (strcmp(key, "boot_args") == 0) {
		if (strpbrk(val, "\n\r") != NULL || str_copy(g->boot_args, sizeof(g->boot_args), val) == -1)
			return hpvm_fail(e, EINVAL, "Invalid boot_args: at most %d characters on one line.",
			    BOOT_ARGS_MAX);
		return 0;
	}
	if (*val != '\0' && name_check_location(val, NAME_EMPTY_REFUSED, e) == -1)
		return -1;
	return str_copy(strcmp(key, "boot_kernel") == 0 ? g->boot_kernel : g->boot_initrd,
	    LOCATION_MAX + 1, val);
}

static int
apply_attr(struct guest *g, const char *arg, struct hpvm_err *e)
{
	static const char *const keys[] = { "runnable_status", "modify_status",
	    "visible_status", "register_status" };
	static const char *const boot_keys[] = { "boot_kernel", "boot_initrd", "boot_args",
	    "firmware" };
	const char *eq = strchr(arg, '=');
	int *fields[] = { &g->runnable, &g->modifiable, &g->visible, &g->registered };
	char key[32];
	size_t i, klen;
	int on;

	if (eq == NULL)
		return hpvm_fail(e, EINVAL, "Invalid attribute '%s': expected name=value.", arg);
	klen = (size_t)(eq - arg);
	snprintf(key, sizeof(key), "%.*s", (int)(klen < sizeof(key) ? klen : sizeof(key) - 1), arg);
	for (i = 0; i < sizeof(boot_keys) / sizeof(boot_keys[0]); i++)
		if (strlen(boot_keys[i]) == klen && strcmp(boot_keys[i], key) == 0)
			return apply_boot_attr(g, key, eq + 1, e);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i]) == klen && strncmp(keys[i], arg, klen) == 0)
			break;
	if (i == sizeof(keys) / sizeof(keys[0]))
		return hpvm_fail(e, EINVAL, "Unknown attribute '%.*s'.", (int)klen, arg);
	if (strcmp(eq + 1, "enabled") == 0)
		on = 1;
	else if (strcmp(eq + 1, "disabled") == 0)
		on = 0;
	else
		return hpvm_fail(e, EINVAL, "Invalid value '%s' for attribute '%s': use enabled "
		    "or disabled.", eq + 1, keys[i]);
	*fields[i] = on;
	/* A registered guest is runnable, modifiable and visible (HP 4.x). */
	if (i == 3)
		g->runnable = g->modifiable = g->visible = on;
	return 0;
}

/* -r and -R: HP allocates memory in 64 MB pieces and rounds a size up to one, saying so [5.11]. */
static int
apply_memory(int *field, const char *what, const char *arg, struct hpvm_err *e)
{
	long mb;

	if (strcmp(what, "reserved memory") == 0 && strcmp(arg, "0") == 0) {
		*field = 0;
		return 0;
	}
	if (units_parse_memory_mb(arg, &mb) == -1)
		return hpvm_fail(e, EINVAL, "Invalid %s size '%s': use a number with M or G.",
		    what, arg);
	if (mb % GUEST_MEMORY_GRANULE_MB != 0) {
		mb += GUEST_MEMORY_GRANULE_MB - mb % GUEST_MEMORY_GRANULE_MB;
		hpvm_warn(e, "The %s size %s is not a multiple of %d MB; using %ld MB.", what, arg,
		    GUEST_MEMORY_GRANULE_MB, mb);
	}
	*field = (int)mb;
	return 0;
}

/* Cycles in whole percent of one processor of `mhz`, rounded up as HP does [5.12]. */
static int
cycles_round(int cycles, int mhz, int *pct)
{
	*pct = guest_cycles_percent(cycles, mhz);
	return (int)((long)*pct * mhz / 100);
}

/*
 * -E: HP grants cycles in whole percent of one host processor: on a 900 MHz host 100 MHz
 * becomes 108 MHz, 12% [5.12]. Says so when a value changes; a host that does not tell its
 * speed (`host_mhz` 0) keeps the cycles as given.
 */
int
guest_change_round_cycles(struct guest *g, int host_mhz, struct hpvm_err *e)
{
	int *v[] = { &g->ent_min, &g->ent_max };
	int pct, r;
	size_t i;

	if (g->ent_unit != ENT_MHZ || host_mhz <= 0)
		return 0;
	for (i = 0; i < 2; i++) {
		if (*v[i] == 0)
			continue;		/* no cap */
		if (*v[i] > host_mhz)
			return hpvm_fail(e, EINVAL, "CPU entitlement %d MHz is more than one host "
			    "processor (%d MHz).", *v[i], host_mhz);
		if ((r = cycles_round(*v[i], host_mhz, &pct)) != *v[i]) {
			hpvm_warn(e, "CPU entitlement %d MHz rounded to %d MHz (%d%% of a %d MHz "
			    "processor).", *v[i], r, pct, host_mhz);
			*v[i] = r;
		}
	}
	return 0;
}

/* Apply one option letter from GUEST_OPT_LETTERS; the validator judges the values it leaves. */
int
guest_change_option(struct guest *g, int ch, const char *arg, struct hpvm_err *e)
{
	long n;

	switch (ch) {
	case 'c':
		if (units_parse_int(arg, 1, 1024, &n) == -1)
			return hpvm_fail(e, EINVAL, "Invalid number of virtual CPUs '%s'.", arg);
		g->vcpus = (int)n;
		return 0;
	case 'e':
	case 'E':
		/* Without a maximum: 100% of a CPU, or for cycles 0 meaning "no cap". */
		g->ent_unit = ch == 'E' ? ENT_MHZ : ENT_PERCENT;
		g->ent_max = ch == 'E' ? 0 : 100;
		if (parse_entitlement(arg, ch == 'E' ? 1000000 : 100, &g->ent_min, &g->ent_max) == -1)
			return hpvm_fail(e, EINVAL, "Invalid entitlement '%s': use %s.", arg,
			    ch == 'e' ? "percent[:max_percent]" : "cycles[:max_cycles]");
		return 0;
	case 'r':
		return apply_memory(&g->memory_mb, "memory", arg, e);
	case 'R':
		return apply_memory(&g->reserved_mb, "reserved memory", arg, e);
	case 'O':
		if (guest_os_parse(arg, &g->os) == -1)
			return hpvm_fail(e, EINVAL, "Invalid OS type '%s': use hpux, linux, windows "
			    "or unknown.", arg);
		return 0;
	case 'l':
		if (name_check_label(arg, e) == -1)
			return -1;
		snprintf(g->label, sizeof(g->label), "%s", arg);
		return 0;
	case 'B':
		if (strcasecmp(arg, "auto") != 0 && strcasecmp(arg, "manual") != 0)
			return hpvm_fail(e, EINVAL, "Invalid start attribute '%s': use auto or manual.",
			    arg);
		g->start_auto = strcasecmp(arg, "auto") == 0;
		return 0;
	case 'u':
		return apply_acl(g->users, &g->nusers, arg, "user", e);
	case 'g':
		return apply_acl(g->groups, &g->ngroups, arg, "group", e);
	case 'x':
		return apply_attr(g, arg, e);
	}
	return hpvm_fail(e, EINVAL, "Unknown option -%c.", ch);
}

/* Route one option: -a/-d/-m to the device edits, -N to the new name, the rest to the option list. */
int
guest_change_add(struct guest_change *c, int ch, const char *arg)
{
	struct device_edits *ed = &c->dev;
	const char ***list;
	size_t *n;

	if (ch == 'N') {
		c->newname = arg;
		return 0;
	}
	if (ch != 'a' && ch != 'd' && ch != 'm') {
		struct guest_opt *no = realloc(c->opt, (c->nopt + 1) * sizeof(*no));
		if (no == NULL)
			return -1;
		no[c->nopt].ch = ch;
		no[c->nopt++].arg = arg;
		c->opt = no;
		return 0;
	}
	list = ch == 'a' ? &ed->add : ch == 'd' ? &ed->del : &ed->mod;
	n = ch == 'a' ? &ed->nadd : ch == 'd' ? &ed->ndel : &ed->nmod;
	const char **nl = realloc(*list, (*n + 1) * sizeof(char *));
	if (nl == NULL)
		return -1;
	nl[(*n)++] = arg;
	*list = nl;
	return 0;
}

/* A guest_editor: apply every option in order, then the device edits; reports every bad one. */
int
guest_change_apply(struct guest *g, const void *arg, struct hpvm_err *e)
{
	const struct guest_change *c = arg;
	size_t i;
	int rc = 0;

	for (i = 0; i < c->nopt; i++)
		if (guest_change_option(g, c->opt[i].ch, c->opt[i].arg, e) == -1)
			rc = -1;
	if (guest_change_devices(g, &c->dev, e) == -1)
		rc = -1;
	if (c->newname != NULL) {
		if (name_check_guest(c->newname, e) == -1)
			rc = -1;
		else
			snprintf(g->name, sizeof(g->name), "%s", c->newname);
	}
	return rc;
}

void
guest_change_free(struct guest_change *c)
{
	free(c->opt);
	free(c->dev.add);
	free(c->dev.del);
	free(c->dev.mod);
	memset(c, 0, sizeof(*c));
}

/* The one device matching `p`; -1 with an error if none or several do. */
static int
find_one(const struct guest *g, const struct device *p, const char *text, struct hpvm_err *e)
{
	size_t i;
	int found = -1, count = 0;

	for (i = 0; i < g->ndevs; i++)
		if (rspec_match(p, &g->devs[i])) {
			found = (int)i;
			count++;
		}
	if (count == 0)
		return hpvm_fail(e, ENOENT, "No device in the guest matches '%s'.", text);
	if (count > 1)
		return hpvm_fail(e, EINVAL, "'%s' matches %d devices; give its full hardware "
		    "address.", text, count);
	return found;
}

/* lan and avio_lan, scsi and avio_stor: the adapters one device may change between (-m). */
static int
same_family(enum adapter a, enum adapter b)
{
	return (a == AD_LAN || a == AD_AVIO_LAN) == (b == AD_LAN || b == AD_AVIO_LAN);
}

/*
 * -m: the device of that kind at that address takes the statement's backing store and
 * adapter (lan <-> avio_lan, scsi <-> avio_stor, HP's way to change an adapter's type); a NIC
 * keeps its MAC and port unless the statement gives them.
 */
static int
modify_device(struct guest *g, const char *text, struct hpvm_err *e)
{
	struct device p, *d = NULL;
	int i;

	if (rspec_parse(text, &p, e) == -1)
		return -1;
	if (p.bus < 0 || p.dev < 0 || (p.type != DEV_NETWORK && p.target < 0))
		return hpvm_fail(e, EINVAL, "'%s' must give the hardware address of the device "
		    "to modify.", text);
	for (i = 0; i < (int)g->ndevs; i++) {
		d = &g->devs[i];
		if (d->type == p.type && same_family(d->adapter, p.adapter) && d->bus == p.bus &&
		    d->dev == p.dev && (p.type == DEV_NETWORK || d->target == p.target))
			break;
	}
	if (i == (int)g->ndevs)
		return hpvm_fail(e, ENOENT, "No device in the guest matches '%s'.", text);
	d->adapter = p.adapter;
	d->backing = p.backing;
	snprintf(d->location, sizeof(d->location), "%s", p.location);
	if (p.type == DEV_NETWORK) {
		if (p.has_mac) {
			memcpy(d->mac, p.mac, 6);
			d->has_mac = 1;
		}
		if (p.portid >= 0)
			d->portid = p.portid;
	}
	return device_set_spec(d, text) == -1 ? hpvm_fail(e, ENOMEM, "Out of memory.") : 0;
}

/* Deletions first, then modifications, then additions, so "-d old -a new" can reuse an address. */
int
guest_change_devices(struct guest *g, const struct device_edits *ed, struct hpvm_err *e)
{
	struct device p;
	size_t i;
	int idx, rc = 0;

	for (i = 0; i < ed->ndel; i++) {
		if (rspec_parse(ed->del[i], &p, e) == -1 || (idx = find_one(g, &p, ed->del[i], e)) == -1) {
			rc = -1;
			continue;
		}
		guest_device_remove(g, (size_t)idx);
	}
	for (i = 0; i < ed->nmod; i++)
		if (modify_device(g, ed->mod[i], e) == -1)
			rc = -1;
	for (i = 0; i < ed->nadd; i++) {
		if (rspec_parse(ed->add[i], &p, e) == -1) {
			rc = -1;
			continue;
		}
		int added = device_set_spec(&p, ed->add[i]) == 0 && guest_device_add(g, &p) == 0;
		device_free(&p);
		if (!added)
			return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	return rc;
}
