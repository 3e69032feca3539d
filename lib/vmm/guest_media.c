/*
 * guest_media.c: insert and eject DVD media from the virtual console. The media are the regular
 * files beside the DVD's configured backing store (or in it, for a null DVD naming a
 * directory); one is opened here, never through a symbolic link, and QEMU gets the descriptor.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/path.h"
#include "base/units.h"
#include "model/guest.h"
#include "store/guest_store.h"
#include "vmm/guest_log.h"
#include "vmm/guest_media.h"
#include "vmm/hotplug.h"
#include "vmm/qmp.h"
#include "vmm/runtime.h"

static void
dvd_address(const struct device *d, char *buf, size_t len)
{
	snprintf(buf, len, "%d,%d,%d", d->bus, d->dev, d->target);
}

/*
 * The DVD at `addr` ("bus,dev,target"), or the guest's only DVD when `addr` is NULL; NULL
 * with the reason when there is none, or several and no address.
 */
const struct device *
guest_media_dvd(const struct guest *g, const char *addr, struct hpvm_err *e)
{
	const struct device *found = NULL;
	char a[16];
	size_t i;
	int n = 0;

	for (i = 0; i < g->ndevs; i++) {
		if (g->devs[i].type != DEV_DVD)
			continue;
		dvd_address(&g->devs[i], a, sizeof(a));
		if (addr != NULL && strcmp(a, addr) != 0)
			continue;
		found = &g->devs[i];
		n++;
	}
	if (n == 1)
		return found;
	if (n == 0 && addr != NULL)
		hpvm_fail(e, ENOENT, "The guest has no DVD at %s.", addr);
	else if (n == 0)
		hpvm_fail(e, ENOENT, "The guest has no DVD.");
	else
		hpvm_fail(e, EINVAL, "The guest has several DVDs: name one by its address "
		    "(bus,dev,target), as hpvmstatus shows it.");
	return NULL;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Where the media of `d` are: its backing store's directory, or the directory a null DVD names. */
static int
media_dir(const struct device *d, char *dir, size_t len)
{
	struct stat st;
	char *slash;

	if (d->location[0] == '\0')
		return -1;
	snprintf(dir, len, "%s", d->location);
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	if ((slash = strrchr(dir, '/')) == NULL)
		return -1;
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return 0;
}

/* The media `d` may be given: the regular files (not links, not hidden) in its directory. */
int
guest_media_list(const struct device *d, struct guest_media *m, struct hpvm_err *e)
{
	struct dirent *de;
	struct stat st;
	char **more;
	DIR *dir;

	memset(m, 0, sizeof(*m));
	dvd_address(d, m->dvd, sizeof(m->dvd));
	if (media_dir(d, m->dir, sizeof(m->dir)) == -1)
		return hpvm_fail(e, ENOENT, "The DVD at %s names no directory of media.", m->dvd);
	if ((dir = opendir(m->dir)) == NULL)
		return hpvm_fail(e, errno, "Unable to read %s: %s", m->dir, strerror(errno));
	while ((de = readdir(dir)) != NULL && m->n < GUEST_MEDIA_MAX) {
		if (de->d_name[0] == '.' ||
		    fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode) || (more = realloc(m->names, (m->n + 1) * sizeof(char *))) == NULL)
			continue;
		m->names = more;
		if ((m->names[m->n] = strdup(de->d_name)) != NULL)
			m->n++;
	}
	closedir(dir);
	if (m->n > 0)
		qsort(m->names, m->n, sizeof(char *), by_name);
	return 0;
}

void
guest_media_free(struct guest_media *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->names[i]);
	free(m->names);
	m->names = NULL;
	m->n = 0;
}

/* `choice` is a number from the list (1 first) or a file's name in it; its index, or -1. */
static int
media_choice(const struct guest_media *m, const char *choice, struct hpvm_err *e)
{
	long k;
	size_t i;

	if (units_parse_int(choice, 1, (long)m->n, &k) == 0)
		return (int)k - 1;
	for (i = 0; i < m->n; i++)
		if (strcmp(m->names[i], choice) == 0)
			return (int)i;
	return hpvm_fail(e, ENOENT, "No media '%s' in %s.", choice, m->dir);
}

/* A monitor connection to the running guest `uuid`, under its lock: the lock's descriptor, or -1. */
static int
monitor_open(const char *uuid, struct qmp *q, struct hpvm_err *e)
{
	char sock[HPVM_PATH_LEN];
	int lk;

	if (!runtime_is_running(uuid))
		return hpvm_fail(e, ESRCH, "The guest is not running.");
	if ((lk = lock_guest(uuid, LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if (runtime_path(uuid, RT_QMP, sock, sizeof(sock), e) == -1 ||
	    qmp_connect(q, sock, 5000, e) == -1) {
		lock_release(lk);
		return -1;
	}
	return lk;
}

/* Open a listed media file: no link followed, nothing but a regular file accepted. */
static int
media_open(const struct guest_media *m, const char *file, struct hpvm_err *e)
{
	struct stat st;
	int dfd, fd;

	if ((dfd = open(m->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return hpvm_fail(e, errno, "Unable to open %s: %s", m->dir, strerror(errno));
	fd = openat(dfd, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	close(dfd);
	if (fd == -1)
		return hpvm_fail(e, errno, "Unable to open %s/%s: %s", m->dir, file, strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return hpvm_fail(e, EINVAL, "%s/%s is not a regular file.", m->dir, file);
	}
	return fd;
}

/*
 * in: the media `choice` (a number or a name from the DVD's list) into the DVD at `addr` (NULL:
 * the only one) of the running guest `name`. The media's path in `path`.
 */
int
guest_media_insert(const char *name, const char *addr, const char *choice, char *path, size_t len,
    struct hpvm_err *e)
{
	const struct device *d;
	struct guest_media m = { 0 };
	struct guest g;
	struct qmp q;
	int k, fd = -1, lk = -1, rc = -1;

	guest_init(&g);
	if (guest_store_load(name, &g, e) == -1 || (d = guest_media_dvd(&g, addr, e)) == NULL ||
	    guest_media_list(d, &m, e) == -1 || (k = media_choice(&m, choice, e)) == -1 ||
	    (fd = media_open(&m, m.names[k], e)) == -1 || (lk = monitor_open(g.uuid, &q, e)) == -1)
		goto out;
	rc = hotplug_media_insert(&q, d, fd, e);
	qmp_close(&q);
	lock_release(lk);
	snprintf(path, len, "%s%s%s", m.dir, strcmp(m.dir, "/") == 0 ? "" : "/", m.names[k]);
	if (rc == 0)
		guest_log(g.uuid, "DVD %s: media %s inserted from the virtual console", m.dvd, path);
out:
	if (fd >= 0)
		close(fd);
	guest_media_free(&m);
	guest_free(&g);
	return rc;
}

/* ej: the DVD at `addr` (NULL: the only one) of the running guest `name` left empty. */
int
guest_media_eject(const char *name, const char *addr, struct hpvm_err *e)
{
	const struct device *d;
	struct guest g;
	struct qmp q;
	char a[16];
	int lk, rc = -1;

	guest_init(&g);
	if (guest_store_load(name, &g, e) == 0 && (d = guest_media_dvd(&g, addr, e)) != NULL &&
	    (lk = monitor_open(g.uuid, &q, e)) != -1) {
		rc = hotplug_media_eject(&q, d, e);
		qmp_close(&q);
		lock_release(lk);
		dvd_address(d, a, sizeof(a));
		if (rc == 0)
			guest_log(g.uuid, "DVD %s: media ejected from the virtual console", a);
	}
	guest_free(&g);
	return rc;
}
