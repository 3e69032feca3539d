/* probe.h: what validation and allocation ask of the host, through callbacks, so the model itself does no I/O. */
#ifndef HPVM_PROBE_H
#define HPVM_PROBE_H

#include <sys/stat.h>
#include <stddef.h>
#include <stdint.h>

#define PROBE_ID_LEN	4096

struct probe {
	/* stat(2) of a backing store: 0 and *st, or -1 when it does not exist. */
	int	(*stat)(const char *path, struct stat *st);
	/* 1 when the file can be read (boot kernels). */
	int	(*readable)(const char *path);
	int	(*vswitch_exists)(const char *name);
	/* 1, and its name in `nic`, when a host interface has this MAC. */
	int	(*nic_mac_owner)(const uint8_t mac[6], char *nic, size_t len);
	/* What a backing path is, whatever its spelling: a device identity or a real path. */
	void	(*identity)(const char *path, char *buf, size_t len);
	/* Fill `buf` with random bytes; 0, or -1. */
	int	(*random)(void *buf, size_t len);
	/* One processor's speed in MHz, 0 if the host does not tell (-E rounds to its percent). */
	int	(*cpu_mhz)(void);
};

#endif
