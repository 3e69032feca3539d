/* cmd_guest.c: -P name or -p number, HP's two ways to name a guest, for every command that takes -P. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/units.h"
#include "cmd.h"
#include "store/guest_scan.h"

/*
 * The guest a command line names: -P name, or -p number (HP's VM #, the column hpvmstatus
 * shows). A number no guest has ends the command with HP's "No Guest by that name or number".
 */
const char *
cmd_guest_name(const char *prog, const char *name, const char *number, char *buf, size_t len)
{
	struct hpvm_err e = {0};
	long n;

	if (number == NULL)
		return name;
	if (units_parse_int(number, 0, INT_MAX, &n) == -1)
		hpvm_fail(&e, EINVAL, "No Guest by that name or number: %s.", number);
	else if (guest_scan_name_of((int)n, buf, len, &e) == 0)
		return buf;
	exit(cmdlog_end(hpvm_report(prog, NULL, &e)));
}
