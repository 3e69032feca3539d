/* sg_files.c: the text of a guest's cluster package files, from data alone: Serviceguard's shape, hpvm's commands. */
#include <stdio.h>

#include "cluster/sg_files.h"
#include "model/device.h"
#include "model/guest.h"

/* A Serviceguard (legacy, ASCII) package configuration; cmapplyconf-style keywords. */
void
sg_files_config(FILE *f, const struct guest *g, const struct sg_where *w)
{
	size_t i;

	fprintf(f, "# %s.config: cluster package '%s' for the hpvm guest '%s' (written by "
	    "hpvmsg_package).\n", g->cluster, g->cluster, g->name);
	fprintf(f, "# Every node that may run the guest holds its own copy of the guest and of "
	    "this file.\n\n");
	fprintf(f, "PACKAGE_NAME                  %s\n", g->cluster);
	fprintf(f, "PACKAGE_TYPE                  FAILOVER\n");
	fprintf(f, "NODE_NAME                     *\n");
	fprintf(f, "AUTO_RUN                      YES\n");
	fprintf(f, "NODE_FAIL_FAST_ENABLED        NO\n\n");
	fprintf(f, "RUN_SCRIPT                    %s/%s.cntl\n", w->dir, g->cluster);
	fprintf(f, "RUN_SCRIPT_TIMEOUT            NO_TIMEOUT\n");
	fprintf(f, "HALT_SCRIPT                   %s/%s.cntl\n", w->dir, g->cluster);
	fprintf(f, "HALT_SCRIPT_TIMEOUT           NO_TIMEOUT\n\n");
	fprintf(f, "SERVICE_NAME                  %s\n", g->cluster);
	fprintf(f, "SERVICE_CMD                   \"%s/%s.cntl service\"\n", w->dir, g->cluster);
	fprintf(f, "SERVICE_FAIL_FAST_ENABLED     NO\n");
	fprintf(f, "SERVICE_HALT_TIMEOUT          300\n\n");
	/* HP: the toolkit does not add cluster volumes; the administrator adds them on each node. */
	fprintf(f, "# The guest's backing stores; add the volume groups or file systems that hold "
	    "them:\n");
	for (i = 0; i < g->ndevs; i++)
		if (g->devs[i].type != DEV_NETWORK && g->devs[i].location[0] != '\0')
			fprintf(f, "#   %s:%s %s\n", device_type_name(g->devs[i].type),
			    device_backing_name(g->devs[i].backing), g->devs[i].location);
}

/* start, stop (graceful, then off), monitor, and a service that lasts as long as the guest runs. */
void
sg_files_control(FILE *f, const struct guest *g, const struct sg_where *w)
{
	fprintf(f, "#!/bin/sh\n# %s.cntl: control script of cluster package '%s' (the hpvm guest "
	    "'%s'), written by hpvmsg_package.\n", g->cluster, g->cluster, g->name);
	fprintf(f, "# usage: %s.cntl start|stop|monitor|service   (exit 0 success, 1 failure)\n",
	    g->cluster);
	fprintf(f, "# hpvmstart and hpvmstop refuse a cluster package's guest by hand; this script "
	    "is the cluster, so it forces them (-F).\n");
	fprintf(f, "GUEST='%s'\nHPVM_BIN='%s'\n", g->name, w->bindir);
	if (w->root[0] != '\0')
		fprintf(f, "HPVM_ROOT='%s'\nexport HPVM_ROOT\n", w->root);
	fputs("STOP_WAIT=${STOP_WAIT:-60}	# seconds the guest has to shut down before it is "
	    "turned off\n\n"
	    "running() {\n"
	    "	case $(\"$HPVM_BIN/hpvmstatus\" -P \"$GUEST\" -M 2>/dev/null | cut -d: -f5) in\n"
	    "	On*) return 0 ;;\n"
	    "	esac\n"
	    "	return 1\n"
	    "}\n\n"
	    "case ${1:-} in\n"
	    "start)\n"
	    "	running && exit 0\n"
	    "	\"$HPVM_BIN/hpvmstart\" -P \"$GUEST\" -F -Q || exit 1\n"
	    "	;;\n"
	    "stop)\n"
	    "	running || exit 0\n"
	    "	timeout \"$STOP_WAIT\" \"$HPVM_BIN/hpvmstop\" -P \"$GUEST\" -g -F -q\n"
	    "	running && \"$HPVM_BIN/hpvmstop\" -P \"$GUEST\" -h -F -q\n"
	    "	running && exit 1\n"
	    "	;;\n"
	    "monitor|status)\n"
	    "	running || exit 1\n"
	    "	;;\n"
	    "service)\n"
	    "	while running; do sleep 5; done\n"
	    "	exit 1\n"
	    "	;;\n"
	    "*)\n"
	    "	echo \"usage: $0 start|stop|monitor|service\" >&2\n"
	    "	exit 2\n"
	    "	;;\n"
	    "esac\n"
	    "exit 0\n", f);
}

static void
nvpair(FILE *f, const char *set, const char *name, const char *value)
{
	fprintf(f, "    <nvpair id=\"%s-%s\" name=\"%s\" value=\"%s\"/>\n", set, name, name, value);
}

/* The same package as a Pacemaker primitive of ocf:hpvm:hpvmguest, for cibadmin --create. */
void
sg_files_cib(FILE *f, const struct guest *g, const struct sg_where *w)
{
	static const struct { const char *name, *interval, *timeout; } ops[] = {
		{ "start", "0s", "120s" }, { "stop", "0s", "180s" }, { "monitor", "10s", "30s" },
		{ "migrate_to", "0s", "600s" }, { "migrate_from", "0s", "120s" },
	};
	char set[GUEST_CLUSTER_MAX + 32];
	size_t i;

	fprintf(f, "<primitive id=\"%s\" class=\"ocf\" provider=\"hpvm\" type=\"hpvmguest\">\n",
	    g->cluster);
	snprintf(set, sizeof(set), "%s-instance_attributes", g->cluster);
	fprintf(f, "  <instance_attributes id=\"%s\">\n", set);
	nvpair(f, set, "name", g->name);
	nvpair(f, set, "hpvm_bin", w->bindir);
	if (w->root[0] != '\0')
		nvpair(f, set, "hpvm_root", w->root);
	fprintf(f, "  </instance_attributes>\n");
	snprintf(set, sizeof(set), "%s-meta_attributes", g->cluster);
	fprintf(f, "  <meta_attributes id=\"%s\">\n", set);
	nvpair(f, set, "allow-migrate", "true");
	nvpair(f, set, "resource-stickiness", "100");
	fprintf(f, "  </meta_attributes>\n  <operations>\n");
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		fprintf(f, "    <op id=\"%s-%s-%s\" name=\"%s\" interval=\"%s\" timeout=\"%s\"/>\n",
		    g->cluster, ops[i].name, ops[i].interval, ops[i].name, ops[i].interval,
		    ops[i].timeout);
	fprintf(f, "  </operations>\n</primitive>\n");
}
