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

/* A daemon, not an administrator's command: no command.log entry for -H or a usage error. */
static int
usage(enum cmd_usage_kind kind)
{
	fputs(synopsis, kind == CMD_HELP ? stdout : stderr);
	return kind == CMD_HELP ? 0 : 2;
}

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
				return usage(CMD_USAGE_ERROR);
			o.ping = (int)v;
			break;
		case 'p':
			if (units_parse_int(optarg, 1, 3600, &v) == -1)
				return usage(CMD_USAGE_ERROR);
			o.poll = (int)v;
			break;
		case 'H': return usage(CMD_HELP);
		default: return usage(CMD_USAGE_ERROR);
		}
	}
	if (optind != argc)
		return usage(CMD_USAGE_ERROR);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	subagent_run(&o, &stop, &e);
	return hpvm_report("hpvmsnmpd", NULL, &e);
}
