/* probe_host.c: answer the validator's and the allocator's questions from this host. */
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/host.h"
#include "store/devid.h"
#include "store/probe_host.h"
#include "store/vswitch_config.h"

static int
host_stat(const char *path, struct stat *st)
{
	return stat(path, st);
}

static int
host_readable(const char *path)
{
	return access(path, R_OK) == 0;
}

static void
host_identity(const char *path, char *buf, size_t len)
{
	devid_identity(path, buf, len);
	if (buf[0] == '\0')
		devid_canonical(path, buf, len);
}

static int
host_random(void *buf, size_t len)
{
	return getrandom(buf, len, 0) == (ssize_t)len ? 0 : -1;
}

const struct probe probe_host = {
	.stat = host_stat,
	.readable = host_readable,
	.vswitch_exists = vswitch_config_exists,
	.nic_mac_owner = host_nic_mac_owner,
	.identity = host_identity,
	.random = host_random,
	.cpu_mhz = host_cpu_mhz,
};
