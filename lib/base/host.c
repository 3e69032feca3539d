/* host.c: the host's identity and NICs from /sys and /etc (never from $HPVM_ROOT: they are the real host's). */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <errno.h>
#include "base/dir.h"
#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/host.h"
#include "base/mac.h"
#include "base/path.h"
#include "base/uuid.h"

static int
read_word(const char *path, char *buf, size_t len)
{
	char *text;
	size_t n;

	if (file_read_all(path, &text, NULL, NULL) == -1)
		return -1;
	n = strcspn(text, "\n");
	text[n] = '\0';
	snprintf(buf, len, "%s", text);
	free(text);
	return n > 0 ? 0 : -1;
}

/* What the hardware or the OS says the host is: the SMBIOS UUID, or machine-id as a UUID. */
static int
host_uuid_seed(char *buf, size_t len)
{
	char id[128];
	size_t i;

	if (read_word("/sys/class/dmi/id/product_uuid", id, sizeof(id)) == 0 && uuid_valid(id)) {
		for (i = 0; id[i]; i++)
			id[i] = (char)tolower((unsigned char)id[i]);
		snprintf(buf, len, "%.36s", id);
		return 0;
	}
	if (read_word("/etc/machine-id", id, sizeof(id)) == -1 || strlen(id) != 32 ||
	    strspn(id, "0123456789abcdef") != 32)
		return -1;
	snprintf(buf, len, "%.8s-%.4s-%.4s-%.4s-%.12s", id, id + 8, id + 12, id + 16, id + 20);
	return 0;
}

/*
 * The host's own UUID, kept in /var/opt/hpvm/common/host_uuid as HP kept its host's: made once,
 * from SMBIOS or machine-id when the host has them, else at random, so a container or a
 * minimal machine without either still has an identity that never changes.
 */
int
host_uuid(char *buf, size_t len, struct hpvm_err *e)
{
	char dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN], id[UUID_STR_LEN + 2];

	if (path_build(dir, sizeof(dir), e, HPVM_COMMON) == -1 ||
	    path_build(path, sizeof(path), e, HPVM_HOST_UUID) == -1)
		return -1;
	if (read_word(path, id, sizeof(id)) == 0 && uuid_valid(id)) {
		snprintf(buf, len, "%s", id);
		return 0;
	}
	if (host_uuid_seed(id, sizeof(id)) == -1 && uuid_generate(id, sizeof(id)) == -1)
		return hpvm_fail(e, EIO, "Unable to make a host UUID.");
	id[UUID_STR_LEN] = '\n';
	if (dir_make(dir, 0755, e) == -1 || file_write_atomic(path, id, UUID_STR_LEN + 1, 0644, e) == -1)
		return -1;
	id[UUID_STR_LEN] = '\0';
	snprintf(buf, len, "%s", id);
	return 0;
}

/* Which host NIC, if any, owns this MAC? 1 and its name, or 0. */
int
host_nic_mac_owner(const uint8_t mac[6], char *owner, size_t len)
{
	char path[512], addr[64];
	struct dirent *d;
	uint8_t m[6];
	DIR *dir;

	if ((dir = opendir("/sys/class/net")) == NULL)
		return 0;
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/class/net/%s/address", d->d_name);
		if (read_word(path, addr, sizeof(addr)) == -1)
			continue;
		if (mac_parse(addr, m) == 0 && memcmp(m, mac, 6) == 0) {
			snprintf(owner, len, "%s", d->d_name);
			closedir(dir);
			return 1;
		}
	}
	closedir(dir);
	return 0;
}

int
host_ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

/* The processors' clock in MHz as the kernel reports it, or 0 if it does not. */
int
host_cpu_mhz(void)
{
	char *text, *p;
	double mhz = 0;

	/* The nominal speed, when the kernel tells it: "cpu MHz" moves with frequency scaling. */
	if (file_read_all("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", &text, NULL,
	    NULL) == 0) {
		mhz = strtod(text, NULL) / 1000;
		free(text);
		if (mhz > 0 && mhz < 1e6)
			return (int)mhz;
	}
	if (file_read_all("/proc/cpuinfo", &text, NULL, NULL) == -1)
		return 0;
	if ((p = strstr(text, "cpu MHz")) != NULL && (p = strchr(p, ':')) != NULL)
		mhz = strtod(p + 1, NULL);
	free(text);
	return mhz > 0 && mhz < 1e6 ? (int)mhz : 0;
}

/* A line of /proc/meminfo ("MemAvailable:") in MB, or -1. */
long
host_meminfo_mb(const char *key)
{
	char *text, *p;
	long kb = -1;

	if (file_read_all("/proc/meminfo", &text, NULL, NULL) == -1)
		return -1;
	if ((p = strstr(text, key)) != NULL)
		kb = strtol(p + strlen(key), NULL, 10);
	free(text);
	return kb < 0 ? -1 : kb / 1024;
}

/* Inside an hpvm guest, SMBIOS says so (hpvmapp sets manufacturer "hpvm", version, and the host's name as family). */
int
host_guest_smbios(char *version, size_t vlen, char *host, size_t hlen)
{
	char vendor[64];

	if (read_word("/sys/class/dmi/id/sys_vendor", vendor, sizeof(vendor)) == -1 ||
	    strcmp(vendor, "hpvm") != 0)
		return 0;
	if (read_word("/sys/class/dmi/id/product_version", version, vlen) == -1)
		snprintf(version, vlen, "unknown");
	if (read_word("/sys/class/dmi/id/product_family", host, hlen) == -1)
		snprintf(host, hlen, "unknown");
	return 1;
}
