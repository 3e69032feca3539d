/* subagent.h: hpvmsnmpd's work: a net-snmp AgentX subagent serving VM-MIB (RFC 7666) and sending its notifications. */
#ifndef HPVM_SUBAGENT_H
#define HPVM_SUBAGENT_H

#include <signal.h>

struct hpvm_err;

struct subagent_opts {
	const char	*socket;	/* the master's AgentX socket */
	int		 ping;		/* seconds between pings of the master, and between reconnects */
	int		 poll;		/* seconds between snapshots (and state-change checks) */
	int		 timeout_ms;	/* how long QEMU may take to answer one question */
};

int	subagent_run(const struct subagent_opts *o, volatile sig_atomic_t *stop, struct hpvm_err *e);

#endif
