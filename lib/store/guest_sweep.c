/*
 * guest_sweep.c: what a killed command leaves: temporary files, and guest directories no name
 * links to (a create cut short before its link, a remove cut short after). Call with the
 * exclusive global lock held; the guest index says which directories need a look at all.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/dir.h"
#include "base/file.h"
#include "base/monlog.h"
#include "base/path.h"
#include "base/uuid.h"
#include "store/guest_sweep.h"

/*
 * Remove the temporary files a killed writer left in `dir`; `where` names it in the log.
 * `legacy` also takes the "<name>.tmp.<suffix>" of older releases: only where no name a user
 * chooses lives (a guest's own directory, common/), since "a.tmp.1" is a valid guest name.
 */
static void
sweep_temp_files(const char *dir, const char *where, int legacy)
{
	struct dirent *d;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((d = readdir(dp)) != NULL)
		if (file_is_temp(d->d_name) ||
		    (legacy && d->d_name[0] != '.' && strstr(d->d_name, FILE_TEMP_MARK))) {
			if (unlinkat(dirfd(dp), d->d_name, 0) == 0)
				monlog_write("removed %s/%s, left by a command that did not finish", where,
				    d->d_name);
		}
	closedir(dp);
}

static void
sweep_one(const char *dir, int legacy)
{
	char path[HPVM_PATH_LEN];

	if (path_build(path, sizeof(path), NULL, "%s", dir) == 0)
		sweep_temp_files(path, dir, legacy);
}

void
guest_sweep_dirs(int where)
{
	if (where & SWEEP_COMMON) {
		sweep_one(HPVM_COMMON, 1);
		sweep_one(HPVM_VSWITCHES, 0);
	}
	if (where & SWEEP_GUESTS)
		sweep_one(HPVM_GUESTS, 0);
	if (where & SWEEP_UUIDS)
		sweep_one(HPVM_UUIDS, 0);
}

/* Temporary files in one guest's directory. */
void
guest_sweep_guest(const char *uuid)
{
	char path[HPVM_PATH_LEN];

	if (path_build(path, sizeof(path), NULL, HPVM_UUIDS "/%.36s", uuid) == 0)
		sweep_temp_files(path, HPVM_UUIDS, 1);
}

/* A directory no name links to goes, unless its guest runs; 1 when it went. */
int
guest_sweep_orphan(const char *uuid, guest_busy_fn busy)
{
	char path[HPVM_PATH_LEN];
	struct stat st;

	if (path_build(path, sizeof(path), NULL, HPVM_UUIDS "/%.36s", uuid) == -1 ||
	    lstat(path, &st) == -1 || (busy != NULL && busy(uuid)))
		return 0;
	sweep_temp_files(path, HPVM_UUIDS, 1);
	if (dir_remove_flat(path, NULL) == -1)
		return 0;
	monlog_write("removed %s/%s: a guest directory no name links to, left by a create or remove "
	    "that did not finish", HPVM_UUIDS, uuid);
	return 1;
}

/* Guest directories no name links to; with `each_guest`, every other one's temporary files too. */
void
guest_sweep_orphans(guest_linked_fn linked, void *arg, guest_busy_fn busy, int each_guest)
{
	char path[HPVM_PATH_LEN];
	struct dirent *d;
	DIR *dp;

	if (path_build(path, sizeof(path), NULL, HPVM_UUIDS) == -1 || (dp = opendir(path)) == NULL)
		return;
	while ((d = readdir(dp)) != NULL) {
		if (strlen(d->d_name) != UUID_STR_LEN || d->d_name[0] == '.')
			continue;
		if (!linked(d->d_name, arg))
			guest_sweep_orphan(d->d_name, busy);
		else if (each_guest)
			guest_sweep_guest(d->d_name);
	}
	closedir(dp);
}
