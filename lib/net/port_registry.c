/*
 * port_registry.c: /var/run/hpvm/vswitches/<switch>/<port> says which running guest's tap holds
 * which port, so hpvmnet can show them and a booting vswitch can re-attach them.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/dir.h"
#include "base/file.h"
#include "base/mac.h"
#include "base/path.h"
#include "base/units.h"
#include "net/port_registry.h"

/* A file of the switch's registry directory ("" for the directory itself). */
int
port_registry_path(const char *vswitch, const char *file, char *buf, size_t len,
    struct hpvm_err *e)
{
	return path_build(buf, len, e, HPVM_RUN "/vswitches/%s%s%s", vswitch, *file ? "/" : "", file);
}

/* The ports of running guests on the switch, at most `max`. */
int
port_registry_list(const char *vswitch, struct vswitch_port *ports, int max)
{
	char dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN + 300], *text, mac[32];
	struct dirent *d;
	DIR *dp;
	long port;
	int n = 0;

	if (port_registry_path(vswitch, "", dir, sizeof(dir), NULL) == -1 || (dp = opendir(dir)) == NULL)
		return 0;
	while ((d = readdir(dp)) != NULL && n < max) {
		if (units_parse_int(d->d_name, 0, VSWITCH_PORTS - 1, &port) == -1)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (file_read_all(path, &text, NULL, NULL) == -1)
			continue;
		memset(&ports[n], 0, sizeof(ports[n]));
		if (sscanf(text, "%64s %15s %15s %31s", ports[n].guest, ports[n].tap,
		    ports[n].adapter, mac) == 4 && mac_parse(mac, ports[n].mac) == 0) {
			ports[n].port = (int)port;
			n++;
		}
		free(text);
	}
	closedir(dp);
	return n;
}

int
port_registry_add(const char *vswitch, const struct vswitch_port *p, struct hpvm_err *e)
{
	char dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN], name[16], line[160], mac[MAC_STR_LEN + 1];

	snprintf(name, sizeof(name), "%d", p->port);
	if (port_registry_path(vswitch, "", dir, sizeof(dir), e) == -1 ||
	    port_registry_path(vswitch, name, path, sizeof(path), e) == -1 ||
	    dir_make(dir, 0755, e) == -1)
		return -1;
	mac_format(p->mac, mac, sizeof(mac));
	snprintf(line, sizeof(line), "%s %s %s %s\n", p->guest, p->tap, p->adapter, mac);
	return file_write_atomic(path, line, strlen(line), 0644, e);
}

/* The port is free again: its entry and its counter baseline go. */
void
port_registry_remove(const char *vswitch, int port)
{
	char path[HPVM_PATH_LEN], name[32];

	snprintf(name, sizeof(name), "%d", port);
	if (port_registry_path(vswitch, name, path, sizeof(path), NULL) == 0)
		unlink(path);
	snprintf(name, sizeof(name), "counters.%d", port);
	if (port_registry_path(vswitch, name, path, sizeof(path), NULL) == 0)
		unlink(path);
}
