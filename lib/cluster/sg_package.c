/* sg_package.c: hpvmsg_package: mark a guest as a cluster package's and write its files under /etc/cluster/NAME, or undo both. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/dir.h"
#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "cluster/package_mark.h"
#include "cluster/sg_files.h"
#include "cluster/sg_package.h"
#include "model/guest.h"
#include "store/guest_store.h"

#define SG_DIR	"/etc/cluster"

typedef void (*sg_writer)(FILE *f, const struct guest *g, const struct sg_where *w);

static const struct {
	const char	*suffix;
	sg_writer	 write;
	mode_t		 mode;
} files[SG_FILES] = {
	{ ".config", sg_files_config, 0644 },
	{ ".cntl", sg_files_control, 0755 },
	{ ".cib.xml", sg_files_cib, 0644 },
};

/* The commands beside this one: the control script and the resource call them. */
static int
self_bindir(char *buf, size_t len, struct hpvm_err *e)
{
	ssize_t n;

	if ((n = readlink("/proc/self/exe", buf, len - 1)) == -1)
		return hpvm_fail(e, errno, "Unable to find hpvm's commands: %s", strerror(errno));
	buf[n] = '\0';
	*strrchr(buf, '/') = '\0';
	return 0;
}

/* Paths go into a shell script between quotes and into XML attributes. */
static int
path_plain(const char *what, const char *p, struct hpvm_err *e)
{
	if (strpbrk(p, "'\"<>&\\\n$`") != NULL)
		return hpvm_fail(e, EINVAL, "The %s '%s' holds characters a package file cannot "
		    "carry.", what, p);
	return 0;
}

static int
result_paths(const char *package, struct sg_result *r, struct hpvm_err *e)
{
	int i;

	if (path_build(r->dir, sizeof(r->dir), e, SG_DIR "/%s", package) == -1)
		return -1;
	for (i = 0; i < SG_FILES; i++)
		if (path_build(r->file[i], sizeof(r->file[i]), e, SG_DIR "/%s/%s%s", package,
		    package, files[i].suffix) == -1)
			return -1;
	return 0;
}

static int
write_one(const char *path, sg_writer fn, mode_t mode, const struct guest *g,
    const struct sg_where *w, struct hpvm_err *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	fn(f, g, w);
	if (fclose(f) != 0) {
		free(buf);
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	rc = file_write_atomic(path, buf, len, mode, e);
	free(buf);
	return rc;
}

static int
write_files(const struct guest *g, const struct sg_result *r, struct hpvm_err *e)
{
	char bindir[PATH_MAX], dir[HPVM_PATH_LEN];
	struct sg_where w = { .dir = dir, .root = path_root() };
	int i;

	if (self_bindir(bindir, sizeof(bindir), e) == -1 || path_plain("command directory",
	    bindir, e) == -1 || path_plain("HPVM_ROOT", w.root, e) == -1)
		return -1;
	w.bindir = bindir;
	snprintf(dir, sizeof(dir), "%s", path_unrooted(r->dir));
	if (dir_make(r->dir, 0755, e) == -1)
		return -1;
	for (i = 0; i < SG_FILES; i++)
		if (write_one(r->file[i], files[i].write, files[i].mode, g, &w, e) == -1)
			return -1;
	return dir_sync(r->dir) == 0 ? 0 :
	    hpvm_fail(e, errno, "Unable to sync %s: %s", r->dir, strerror(errno));
}

/*
 * The package is named after its guest, as HP's toolkit names it. Files an administrator may
 * have edited are replaced only when asked; a failure to write them takes the mark back.
 */
int
sg_package_create(const char *name, enum sg_replace replace, struct sg_result *r,
    struct hpvm_err *e)
{
	struct guest g;
	int i, rc;

	if (guest_store_load(name, &g, e) == -1)
		return -1;
	guest_free(&g);
	if (result_paths(name, r, e) == -1)
		return -1;
	for (i = 0; i < SG_FILES && replace == SG_KEEP_EXISTING; i++)
		if (access(r->file[i], F_OK) == 0)
			return hpvm_fail(e, EEXIST, "The package file %s exists already; use -F to "
			    "replace it.", path_unrooted(r->file[i]));
	guest_init(&g);
	if (package_mark_set(name, name, &g, e) == -1) {
		guest_free(&g);
		return -1;
	}
	if ((rc = write_files(&g, r, e)) == -1)
		package_mark_set(name, "", &g, NULL);
	guest_free(&g);
	return rc;
}

/* Free the guest, and remove the files this command writes; anything else in the directory stays. */
int
sg_package_delete(const char *name, struct sg_result *r, struct hpvm_err *e)
{
	struct guest g;
	char package[GUEST_CLUSTER_MAX + 1];
	int i;

	if (guest_store_load(name, &g, e) == -1)
		return -1;
	snprintf(package, sizeof(package), "%s", g.cluster);
	guest_free(&g);
	if (package[0] == '\0')
		return hpvm_fail(e, EINVAL, "The guest is not a cluster package.");
	if (result_paths(package, r, e) == -1)
		return -1;
	guest_init(&g);
	i = package_mark_set(name, "", &g, e);
	guest_free(&g);
	if (i == -1)
		return -1;
	for (i = 0; i < SG_FILES; i++)
		if (unlink(r->file[i]) == -1 && errno != ENOENT)
			return hpvm_fail(e, errno, "Unable to remove %s: %s",
			    path_unrooted(r->file[i]), strerror(errno));
	if (rmdir(r->dir) == -1 && errno != ENOENT && errno != ENOTEMPTY && errno != EEXIST)
		return hpvm_fail(e, errno, "Unable to remove %s: %s", path_unrooted(r->dir),
		    strerror(errno));
	return 0;
}
