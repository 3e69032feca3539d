/* hpvmapp: the per-guest supervisor hpvmstart starts: owns one QEMU, follows its events, cleans up when it ends. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/units.h"
#include "base/uuid.h"
#include "vmm/supervisor.h"

static int
usage(void)
{
	fprintf(stderr, "usage: hpvmapp -u uuid [-i] [-s status-fd] [-l lock-fd]\n");
	return 2;
}

int
main(int argc, char *argv[])
{
	const char *uuid = NULL;
	long status_fd = -1, lock_fd = -1;
	enum supervisor_mode mode = SUPERVISOR_BOOT;
	int ch;

	while ((ch = getopt(argc, argv, "u:is:l:")) != -1) {
		switch (ch) {
		case 'u': uuid = optarg; break;
		case 'i': mode = SUPERVISOR_INCOMING; break;
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
	return supervisor_run(uuid, mode, (int)status_fd, (int)lock_fd) == 0 ? 0 : 1;
}
