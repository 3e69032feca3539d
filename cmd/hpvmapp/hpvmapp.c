/* hpvmapp: the per-guest supervisor hpvmstart starts: starts one QEMU, hands the watch to hpvmmon, cleans up when it ends (-c). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/units.h"
#include "base/uuid.h"
#include "vmm/supervisor.h"

static int
usage(void)
{
	fprintf(stderr, "usage: hpvmapp -u uuid [-i] [-s status-fd] [-l lock-fd]\n"
	    "       hpvmapp -u uuid -c [-l lock-fd]\n");
	return 2;
}

int
main(int argc, char *argv[])
{
	const char *uuid = NULL;
	long status_fd = -1, lock_fd = -1;
	enum supervisor_mode mode = SUPERVISOR_BOOT;
	int ch, cleanup = 0;

	while ((ch = getopt(argc, argv, "u:is:l:c")) != -1) {
		switch (ch) {
		case 'u': uuid = optarg; break;
		case 'i': mode = SUPERVISOR_INCOMING; break;
		case 'c': cleanup = 1; break;
		case 's':
			if (units_parse_int(optarg, 0, 1023, &status_fd) == -1)
				return usage();
			break;
		case 'l':
			if (units_parse_int(optarg, 0, 1023, &lock_fd) == -1)
				return usage();
			break;
		default: return usage();
		}
	}
	if (uuid == NULL || strlen(uuid) != UUID_STR_LEN || optind != argc)
		return usage();
	if (cleanup) {
		supervisor_cleanup(uuid, (int)lock_fd);
		return 0;
	}
	return supervisor_run(uuid, mode, (int)status_fd, (int)lock_fd) == 0 ? 0 : 1;
}
