/* hpvmsnmpd: the VM-MIB (RFC 7666) AgentX subagent: serves the host's guests to the master snmpd and sends state-change notifications. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/units.h"
#include "cmd.h"
#include "snmp/subagent.h"

static const char synopsis[] =
"/opt/hpvm/lbin/hpvmsnmpd [-x agentx-socket] [-i ping-seconds] [-p poll-seconds]\n"
"/opt/hpvm/lbin/hpvmsnmpd -H\n";

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int
main(int argc, char *argv[])
{
	struct subagent_opts o = { .socket = "/var/agentx/master", .ping = 5, .poll = 5,
	    .timeout_ms = 1000 };
	struct sigaction sa = { .sa_handler = on_term };	/* no SA_RESTART: select() returns */
	struct hpvm_err e = { 0 };
	long v;
	int ch;

	while ((ch = getopt(argc, argv, "x:i:p:H")) != -1) {
		switch (ch) {
		case 'x': o.socket = optarg; break;
		case 'i':
			if (units_parse_int(optarg, 1, 3600, &v) == -1)
				cmd_usage(synopsis, CMD_USAGE_ERROR);
			o.ping = (int)v;
			break;
		case 'p':
			if (units_parse_int(optarg, 1, 3600, &v) == -1)
				cmd_usage(synopsis, CMD_USAGE_ERROR);
			o.poll = (int)v;
			break;
		case 'H': cmd_usage(synopsis, CMD_HELP);
		default: cmd_usage(synopsis, CMD_USAGE_ERROR);
		}
	}
	if (optind != argc)
		cmd_usage(synopsis, CMD_USAGE_ERROR);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	subagent_run(&o, &stop, &e);
	return hpvm_report("hpvmsnmpd", NULL, &e);
}
