/*
 * hpvmconsole: HP's virtual console (vMP) of a guest: the main menu, the console, the command
 * menu, and -c for one command. Root works through the library; anyone else is installed
 * setgid hpvmsys, trusts nothing of theirs (the environment goes), opens hpvmconsoled's socket
 * and gives the group up before anything else happens.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/name.h"
#include "base/privs.h"
#include "cmd.h"
#include "console/vmp_client.h"
#include "console/vmp_menu.h"
#include "console/vmp_term.h"

static const char synopsis[] =
"hpvmconsole [-P vm-name | -p vm-number] [-c command] [-f] [-q]\n"
"hpvmconsole -H\n";

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

int
main(int argc, char *argv[])
{
	struct hpvm_err e = {0};
	struct vmp_client c;
	struct vmp_term t;
	const char *name = NULL, *cmd = NULL, *number = NULL, *tty;
	char byname[GUEST_NAME_MAX + 1];
	int ch, quiet = 0, force = 0, root = privs_caller_is_root(), env = 0;

	/* Before anything reads it: for ordinary users the environment is theirs, so it goes. */
	if (!root && (env = privs_sanitize()) == -1)
		return 127;
	cmdlog_begin(argc, argv);
	while ((ch = getopt(argc, argv, "P:p:c:fqH")) != -1) {
		switch (ch) {
		case 'P': name = optarg; break;
		case 'p': number = optarg; break;
		case 'c': cmd = optarg; break;
		case 'f': force = 1; break;
		case 'q': quiet = 1; break;
		case 'H': usage(CMD_HELP);
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if (optind != argc || (name != NULL && number != NULL))
		usage(CMD_USAGE_ERROR);
	/* Numbers are read from the guest index, which only root's commands keep. */
	if (number != NULL && !root) {
		hpvm_fail(&e, EPERM, "Only root may name a guest by number; use -P vm-name.");
		return cmdlog_end(hpvm_report("hpvmconsole", NULL, &e));
	}
	name = cmd_guest_name("hpvmconsole", name, number, byname, sizeof(byname));
	if (env == 1)
		hpvm_warn(&e, "HPVM_ROOT and the other HPVM_ settings are honoured for root only; "
		    "ignored.");
	vmp_client_connect(&c, root ? VMP_CLIENT_DIRECT : VMP_CLIENT_SERVER, &e);
	/* The one socket the group was for is open (or could not be): the group goes for good. */
	if (!root)
		privs_drop_group(&e);
	vmp_term_init(&t, 0, 1, quiet);
	c.talk = (struct vmp_proto_talk){ .ask = vmp_menu_ask, .tell = vmp_menu_tell, .arg = &t };
	tty = ttyname(0);
	if (hpvm_nerrors(&e) == 0 && vmp_client_begin(&c, name, tty, force,
	    cmd == NULL && t.tty ? VMP_CLIENT_LOG_ALL : VMP_CLIENT_LOG_CHANGES, vmp_menu_choose, &t,
	    &e) == 0) {
		if (cmd != NULL)
			vmp_menu_command(&c, &t, cmd, &e);
		else if (!t.tty)
			vmp_menu_command(&c, &t, "co", &e);	/* a script's input goes to the console */
		else
			vmp_menu_run(&c, &t, &e);
	}
	vmp_client_end(&c);
	return cmdlog_end(hpvm_report("hpvmconsole", name != NULL ? name : c.s.guest, &e));
}
