/*
 * vmp_account.c: console access is decided here, from the kernel's word on who the caller is
 * (a uid), the account database's word on their name, home and groups, and the guest's
 * configuration (hpvmcreate/hpvmmodify/hpvmclone -u and -g). Root may use every console.
 * Access follows the newest configuration, changes pending for the next start included, so
 * hpvmmodify -u and -g take effect at once.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "base/path.h"
#include "base/str.h"
#include "console/vmp_account.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"

const char *
vmp_account_level_name(enum acl_level level)
{
	return level == ACL_ADMIN ? "admin" : "oper";
}

/* The account of `uid`: name, home, and the names of its groups. */
int
vmp_account_lookup(uid_t uid, struct vmp_user *u, struct hpvm_err *e)
{
	gid_t gids[VMP_GROUPS_MAX];
	struct passwd *pw;
	struct group *gr;
	int n = VMP_GROUPS_MAX, i;

	memset(u, 0, sizeof(*u));
	u->uid = uid;
	if ((pw = getpwuid(uid)) == NULL)
		return hpvm_fail(e, ENOENT, "No account has user id %ld.", (long)uid);
	if (str_copy(u->name, sizeof(u->name), pw->pw_name) == -1)
		return hpvm_fail(e, EINVAL, "The account name of user id %ld is too long.", (long)uid);
	snprintf(u->home, sizeof(u->home), "%s", pw->pw_dir ? pw->pw_dir : "");
	if (getgrouplist(pw->pw_name, pw->pw_gid, gids, &n) == -1)
		n = VMP_GROUPS_MAX;	/* the first VMP_GROUPS_MAX of more */
	for (i = 0; i < n; i++)
		if ((gr = getgrgid(gids[i])) != NULL &&
		    str_copy(u->groups[u->ngroups], sizeof(u->groups[0]), gr->gr_name) == 0)
			u->ngroups++;
	return 0;
}

/* `u`'s access to `g`: 1 and *level, or 0 for none. */
int
vmp_account_level(const struct vmp_user *u, const struct guest *g, enum acl_level *level)
{
	const char *groups[VMP_GROUPS_MAX];
	int i;

	if (u->uid == 0) {
		*level = ACL_ADMIN;
		return 1;
	}
	for (i = 0; i < u->ngroups; i++)
		groups[i] = u->groups[i];
	return guest_acl_level(g, u->name, groups, u->ngroups, level);
}

/* The guest's newest configuration: the pending one if there is one. */
static int
load_newest(const char *guest, struct guest *g, struct hpvm_err *e)
{
	char uuid[UUID_STR_LEN + 1];

	if (guest_store_lookup(guest, uuid, sizeof(uuid), e) == -1)
		return -1;
	return guest_store_load_slot(guest, guest_store_has_slot(uuid, CONFIG_NEXT) ? CONFIG_NEXT :
	    CONFIG_CURRENT, g, e);
}

/*
 * May `u` use the console of `guest`? 0 with the level and the guest's UUID, or -1 and HP's
 * kind of refusal. An unknown guest and a guest one may not use are refused alike, so the
 * answer tells an outsider nothing about which guests exist.
 */
int
vmp_account_access(const struct vmp_user *u, const char *guest, enum acl_level *level, char *uuid,
    size_t len, struct hpvm_err *e)
{
	struct hpvm_err le = { 0 };
	struct guest g;
	int ok;

	guest_init(&g);
	if (load_newest(guest, &g, u->uid == 0 ? e : &le) == -1) {
		guest_free(&g);
		return u->uid == 0 ? -1 : hpvm_fail(e, EACCES, "User '%s' is not authorized to use "
		    "the virtual console of '%s'.", u->name, guest);
	}
	ok = vmp_account_level(u, &g, level);
	snprintf(uuid, len, "%s", g.uuid);
	guest_free(&g);
	if (!ok)
		return hpvm_fail(e, EACCES, "User '%s' is not authorized to use the virtual console "
		    "of '%s'.", u->name, guest);
	return 0;
}

/*
 * The guest a console account is for, from its home directory: HP's dedicated accounts live in
 * /var/opt/hpvm/guests/<name> (or the guest's UUID directory), perhaps with a trailing "/.".
 * 1 and the name, or 0.
 */
int
vmp_account_home_guest(const char *home, char *name, size_t len)
{
	static const char guests[] = HPVM_GUESTS "/", uuids[] = HPVM_UUIDS "/";
	char h[256], *p;
	size_t n;

	if (str_copy(h, sizeof(h), home) == -1)
		return 0;
	/* Trailing "/" and "/." (HP's advice for several accounts sharing a home) go. */
	for (;;) {
		n = strlen(h);
		if (n > 2 && strcmp(h + n - 2, "/.") == 0)
			h[n - 2] = '\0';
		else if (n > 1 && h[n - 1] == '/')
			h[n - 1] = '\0';
		else
			break;
	}
	if (strncmp(h, guests, strlen(guests)) == 0) {
		p = h + strlen(guests);
		if (strchr(p, '/') != NULL || name_check_guest(p, NULL) == -1)
			return 0;
		return str_copy(name, len, p) == 0;
	}
	if (strncmp(h, uuids, strlen(uuids)) == 0) {
		struct guest g;
		int found;
		p = h + strlen(uuids);
		if (strlen(p) != UUID_STR_LEN || strchr(p, '/') != NULL)
			return 0;
		guest_init(&g);
		found = guest_store_load_uuid(p, CONFIG_CURRENT, &g, NULL) == 0 &&
		    str_copy(name, len, g.name) == 0;
		guest_free(&g);
		return found;
	}
	return 0;
}

struct collect {
	const struct vmp_user	*u;
	struct vmp_choice	*list;
	size_t			 n;
};

static int
collect_one(const struct guest *g, void *arg)
{
	struct collect *c = arg;
	struct vmp_choice *more;
	enum acl_level level;

	if (!vmp_account_level(c->u, g, &level))
		return 0;
	if ((more = realloc(c->list, (c->n + 1) * sizeof(*more))) == NULL)
		return -1;
	c->list = more;
	snprintf(c->list[c->n].name, sizeof(c->list[0].name), "%s", g->name);
	c->list[c->n++].level = level;
	return 0;
}

/* Every guest `u` may use, in name order, with the level. */
int
vmp_account_guests(const struct vmp_user *u, struct vmp_choice **list, size_t *n,
    struct hpvm_err *e)
{
	struct collect c = { .u = u };

	if (guest_scan_each(collect_one, &c, NULL) == -1) {
		free(c.list);
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	*list = c.list;
	*n = c.n;
	return 0;
}
