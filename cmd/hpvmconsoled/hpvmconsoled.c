/* hpvmconsoled: the root side of ordinary users' console sessions: who they are, their access, PAM, their vMP commands. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "console/vmp_server.h"

static int
usage(void)
{
	fprintf(stderr, "usage: hpvmconsoled [-d] [-p pam-dir]\n");
	return 2;
}

int
main(int argc, char *argv[])
{
	struct vmp_server_opts o = { .pam_dir = NULL };
	struct hpvm_err e = { 0 };
	int ch, foreground = 0, lfd;

	while ((ch = getopt(argc, argv, "dp:")) != -1) {
		switch (ch) {
		case 'd': foreground = 1; break;
		case 'p': o.pam_dir = optarg; break;
		default: return usage();
		}
	}
	if (optind != argc)
		return usage();
	if (getuid() != 0) {
		hpvm_fail(&e, 0, "Only root may run hpvmconsoled.");
		return hpvm_report("hpvmconsoled", NULL, &e);
	}
	if ((lfd = vmp_server_listen(&e)) == -1)
		return hpvm_report("hpvmconsoled", NULL, &e);
	if (!foreground && daemon(0, 0) == -1) {
		hpvm_fail(&e, 0, "Unable to become a daemon.");
		return hpvm_report("hpvmconsoled", NULL, &e);
	}
	vmp_server_run(lfd, &o, &e);
	return hpvm_report("hpvmconsoled", NULL, &e);
}
