/* daemon.h: hpvmmigrated's main loop: listen, and serve each connection in a process of its own. */
#ifndef HPVM_DAEMON_H
#define HPVM_DAEMON_H

struct hpvm_err;

struct daemon_opts {
	const char	*listen;	/* NULL: HPVM_MIGRATE_LISTEN, else every address */
	int		 port;		/* 0: HPVM_MIGRATE_PORT */
};

int	daemon_run(const struct daemon_opts *o, struct hpvm_err *e);

#endif
