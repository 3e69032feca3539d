/* disk.h: a storage resource as migration compares it between hosts: kind, size, world-wide identity. */
#ifndef HPVM_DISK_H
#define HPVM_DISK_H

#include <stddef.h>

#define DISK_WWID_LEN	128

struct disk_info {
	int		exists;
	int		block;			/* a block device, else a file */
	long long	size;			/* bytes */
	char		wwid[DISK_WWID_LEN];	/* "" when the device has none (files, bare devices) */
};

void	disk_describe(const char *path, struct disk_info *d);

#endif
