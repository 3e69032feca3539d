/*
 * disk.c: what two hosts can compare about a disk they both see: its size, and for a block
 * device its WWID (or serial, or device-mapper UUID). A file's inode number means nothing on
 * another host, so files are compared by size alone.
 */
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <unistd.h>

#include "migrate/disk.h"
#include "store/devid.h"

void
disk_describe(const char *path, struct disk_info *d)
{
	struct stat st;
	unsigned long long bytes;
	int fd;

	memset(d, 0, sizeof(*d));
	if (stat(path, &st) == -1)
		return;
	d->exists = 1;
	d->size = st.st_size;
	if (!S_ISBLK(st.st_mode))
		return;
	d->block = 1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) != -1) {
		if (ioctl(fd, BLKGETSIZE64, &bytes) == 0)
			d->size = (long long)bytes;
		close(fd);
	}
	devid_identity(path, d->wwid, sizeof(d->wwid));
	/* A bare major:minor is this host's numbering, not the disk's identity. */
	if (strncmp(d->wwid, "blk-", 4) == 0)
		d->wwid[0] = '\0';
}
