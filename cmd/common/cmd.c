/* cmd.c: what every main() shares: the synopsis on -H (stdout, exit 0) or a usage error (stderr, exit 2), and HP's "[n]:" questions. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "cmd.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "base/prompt.h"
#include "store/guest_store.h"

void
cmd_usage(const char *synopsis, enum cmd_usage_kind kind)
{
	fputs(synopsis, kind == CMD_HELP ? stdout : stderr);
	exit(cmdlog_end(kind == CMD_HELP ? 0 : 2));
}

/*
 * The host's virtual machines are root's to manage: anyone else (a console account, say) is
 * told so plainly, not that a lock would not open. A private tree (HPVM_ROOT) is its owner's,
 * and a synopsis (-H) anybody's.
 */
void
cmd_require_root(int argc, char *argv[])
{
	struct hpvm_err e = {0};
	const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	int i;

	if (getuid() == 0 || path_root()[0] != '\0')
		return;
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "-H") == 0)
			return;
	hpvm_fail(&e, EPERM, "Only root may run %s on this host's virtual machines; users with "
	    "console access use hpvmconsole.", prog);
	exit(cmdlog_end(hpvm_report(prog, NULL, &e)));
}

/*
 * May the command go on? Yes with -F (`force`); otherwise a person at a terminal must say
 * yes; without a terminal nobody can, and that is an error rather than a silent yes.
 */
int
cmd_confirm(int force, struct hpvm_err *e, const char *fmt, ...)
{
	char question[512];
	va_list ap;

	if (force)
		return 1;
	if (!prompt_is_terminal()) {
		hpvm_fail(e, 0, "Not asking for confirmation without a terminal; use -F.");
		return 0;
	}
	va_start(ap, fmt);
	vsnprintf(question, sizeof(question), fmt, ap);
	va_end(ap);
	return prompt_confirm("%s", question);
}
