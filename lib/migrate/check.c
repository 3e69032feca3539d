/*
 * check.c: the target's checks before a guest moves (HP's "validated on the target"): the
 * name and UUID free here, or held by the copy this guest left when it last moved away;
 * every vswitch present and up; every disk present with the source's size and WWID unless
 * it is to be copied; the configuration valid here (MACs, restricted and used devices); and
 * for a guest that arrives running, processors and memory. Nothing is changed.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/path.h"
#include "migrate/check.h"
#include "migrate/disk.h"
#include "model/guest.h"
#include "net/vswitch_view.h"
#include "ops/guest_define.h"
#include "store/guest_store.h"
#include "vmm/runtime.h"
#include "vmm/start_check.h"

static const struct {
	const char	*name;
	const char	*summary;
} check_kinds[CHECK_KINDS] = {
	[CHECK_NAME] = { "name", "Target VM Host error - guest name or UUID validation failed." },
	[CHECK_VSWITCH] = { "vswitch", "Target VM Host error - vswitch validation failed." },
	[CHECK_DEVICE] = { "device", "Target VM Host error - Device does not exist." },
	[CHECK_WWID] = { "wwid", "Device WWID does not match." },
	[CHECK_RESOURCES] = { "resources", "Target VM Host error - resource validation failed." },
	[CHECK_CONFIG] = { "config", "Target VM Host error - guest configuration validation failed." },
};

const char *
check_kind_name(enum check_kind k)
{
	return check_kinds[k].name;
}

const char *
check_kind_summary(enum check_kind k)
{
	return check_kinds[k].summary;
}

int
check_kind_parse(const char *s, enum check_kind *k)
{
	int i;

	for (i = 0; i < CHECK_KINDS; i++)
		if (strcmp(s, check_kinds[i].name) == 0) {
			*k = (enum check_kind)i;
			return 0;
		}
	return -1;
}

static void
check_add(struct check_list *l, enum check_kind k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
check_add(struct check_list *l, enum check_kind k, const char *fmt, ...)
{
	char text[HPVM_MSG_LEN];
	va_list ap;
	int i;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	for (i = 0; i < l->n; i++)
		if (strcmp(l->text[i], text) == 0)
			return;			/* found twice, said once */
	if (l->n == CHECK_MAX)
		return;
	l->kind[l->n] = k;
	snprintf(l->text[l->n++], sizeof(l->text[0]), "%s", text);
}

/*
 * Is there a guest here with `g`'s UUID that may be replaced: this guest's own copy, left
 * not runnable when it last moved away (or, for a cluster package's guest, this node's copy
 * of it), and not running? 1 and `old` loaded; 0 if there is
 * no such guest; -1 and the reason if one is there and may not be replaced.
 */
int
check_replaceable(const struct guest *g, struct guest *old, struct hpvm_err *e)
{
	char dir[HPVM_PATH_LEN];
	struct stat st;

	if (guest_store_dir(g->uuid, dir, sizeof(dir), e) == -1)
		return -1;
	if (lstat(dir, &st) == -1)
		return 0;
	if (guest_store_load_uuid(g->uuid, CONFIG_CURRENT, old, e) == -1)
		return -1;
	/* A cluster package's guest is runnable on every node; the cluster says where it runs. */
	if (runtime_is_running(old->uuid) || (old->runnable &&
	    (old->cluster[0] == '\0' || strcmp(old->cluster, g->cluster) != 0))) {
		hpvm_fail(e, EEXIST, "The guest '%s' here has the UUID %s and is %s.", old->name, g->uuid,
		    runtime_is_running(old->uuid) ? "running" : "runnable");
		guest_free(old);
		return -1;
	}
	return 1;
}

static void
check_vswitches(const struct guest *g, struct check_list *l)
{
	struct vswitch_view v;
	size_t i;

	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		if (d->type != DEV_NETWORK)
			continue;
		if (vswitch_view_load(d->location, &v, NULL) == -1)
			check_add(l, CHECK_VSWITCH, "The vswitch %s does not exist here.", d->location);
		else if (!v.up)
			check_add(l, CHECK_VSWITCH, "The vswitch %s is not up here (hpvmnet -b -S %s).",
			    d->location, d->location);
	}
}

/*
 * Where a copied disk may be created: a path that does not exist, in a directory that does,
 * that only root may write, and that is not one of the system's own.
 */
int
check_copy_path(const char *path, struct hpvm_err *e)
{
	static const char *const system[] = { "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64",
	    "/proc", "/run", "/sbin", "/sys", "/usr", "/var/run", "/var/opt/hpvm", "/opt/hpvm" };
	char dir[LOCATION_MAX + 1], *slash;
	struct stat st;
	size_t i;

	if (path[0] != '/' || strstr(path, "/../") != NULL || strstr(path, "/./") != NULL ||
	    strstr(path, "//") != NULL)
		return hpvm_fail(e, EINVAL, "%s is not a plain absolute path.", path);
	if (lstat(path, &st) == 0)
		return hpvm_fail(e, EEXIST, "%s already exists here; a copied disk never overwrites one.",
		    path);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	if (dir[0] == '\0' || lstat(dir, &st) == -1 || !S_ISDIR(st.st_mode))
		return hpvm_fail(e, ENOENT, "The directory of %s does not exist here.", path);
	if (st.st_uid != 0 || (st.st_mode & 022) != 0)
		return hpvm_fail(e, EPERM, "The directory of %s may be written by others than root; a "
		    "copied disk is not created there.", path);
	for (i = 0; i < sizeof(system) / sizeof(system[0]); i++) {
		size_t n = strlen(system[i]);
		if (strncmp(dir, system[i], n) == 0 && (dir[n] == '\0' || dir[n] == '/'))
			return hpvm_fail(e, EPERM, "A copied disk is not created under %s.", system[i]);
	}
	return 0;
}

static void
check_disk_here(const struct check_disk *cd, struct check_list *l)
{
	struct hpvm_err e = { 0 };
	struct disk_info here;

	if (cd->copy) {
		if (check_copy_path(cd->path, &e) == -1)
			check_add(l, CHECK_DEVICE, "%s", hpvm_err_first(&e));
		return;
	}
	disk_describe(cd->path, &here);
	if (!here.exists)
		check_add(l, CHECK_DEVICE, "Device %s does not exist here.", cd->path);
	else if (here.block != cd->info.block)
		check_add(l, CHECK_DEVICE, "Device %s is a %s here and a %s on the source.", cd->path,
		    here.block ? "block device" : "file", cd->info.block ? "block device" : "file");
	else if (here.size != cd->info.size)
		check_add(l, CHECK_DEVICE, "Device %s has %lld bytes here and %lld on the source.",
		    cd->path, here.size, cd->info.size);
	else if (cd->info.wwid[0] != '\0' && strcmp(here.wwid, cd->info.wwid) != 0)
		check_add(l, CHECK_WWID, "Device %s has the WWID %s here and %s on the source.", cd->path,
		    here.wwid[0] ? here.wwid : "(none)", cd->info.wwid);
}

/* The configuration as this host would define it; the disks to be copied are not here yet. */
static void
check_config(const struct guest *g, const struct guest *replace, struct check_list *l)
{
	struct hpvm_err e = { 0 };
	struct guest copy;
	int i;

	guest_init(&copy);
	if (guest_copy(&copy, g) == -1) {
		check_add(l, CHECK_CONFIG, "Out of memory.");
		return;
	}
	guest_define_migrated(&copy, replace, DEFINE_CHECK_ONLY, &e);
	for (i = 0; i < e.n; i++)
		if (e.msg[i].sev == HPVM_ERROR)
			check_add(l, strstr(e.msg[i].text, "already exists") != NULL ? CHECK_NAME :
			    CHECK_CONFIG, "%s", e.msg[i].text);
	guest_free(&copy);
}

static void
check_resources(const struct guest *g, struct check_list *l)
{
	struct start_problems p = { 0 };
	int i;

	start_check_host(g, &p);
	for (i = 0; i < p.n; i++)
		check_add(l, CHECK_RESOURCES, "%s", p.text[i]);
}

void
check_incoming(const struct guest *g, const struct guest *replace, const struct check_ask *ask,
    struct check_list *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	check_config(g, replace, out);
	/* Offline and not booted, a missing vswitch only delays the first start (HP's -F). */
	if (ask->online || ask->boot || !ask->force)
		check_vswitches(g, out);
	for (i = 0; i < ask->ndisks; i++)
		check_disk_here(&ask->disks[i], out);
	if (ask->online || ask->boot)
		check_resources(g, out);
}
