/* hpvmmigrate: move a guest to another host, offline or running, over the site's TLS. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/name.h"
#include "base/version.h"
#include "cmd.h"
#include "migrate/check.h"
#include "migrate/source.h"
#include "model/guest_change.h"

static const char synopsis[] =
"hpvmmigrate {-P vm-name | -p vm-number} -h target-host[:port] [-o] [-l vm-label]\n"
"            [-N new-vm-name] [-c vcpus] [-e percent[:max] | -E cycles[:max]]\n"
"            [-r memory] [-m storage-resource]... [-C] [-b] [-D] [-d] [-s] [-F] [-q]\n"
"hpvmmigrate -v\n"
"hpvmmigrate -H\n";

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

/* The target's problems under HP's summary lines, each kind once. */
static void
print_problems(const char *name, const struct check_list *l)
{
	int k, i, any;

	for (k = 0; k < CHECK_KINDS; k++) {
		for (any = 0, i = 0; i < l->n; i++) {
			if (l->kind[i] != (enum check_kind)k)
				continue;
			if (!any++)
				fprintf(stderr, "hpvmmigrate: %s\n", check_kind_summary((enum check_kind)k));
			fprintf(stderr, "hpvmmigrate: ERROR (%s): %s\n", name, l->text[i]);
		}
	}
	fprintf(stderr, "hpvmmigrate: See HPVM command log file on target VM Host for more detail.\n");
}

static void
print_success(const struct outgoing_opts *o, const struct outgoing_result *r)
{
	if (o->check_only) {
		printf("hpvmmigrate: The guest '%s' can be migrated to %s.\n", o->name, r->there);
		return;
	}
	if (o->quiet)
		return;
	printf("hpvmmigrate: Guest migrated successfully.\n");
	if (o->online)
		printf("hpvmmigrate: Total time %.2f s, downtime %ld ms, %lld MB transferred.\n",
		    r->total_ms / 1000.0, r->downtime_ms, r->transferred / 1000000);
	if (r->boot_error[0] != '\0')
		fprintf(stderr, "hpvmmigrate: WARNING (%s): The guest did not boot on %s: %s\n", o->name,
		    r->there, r->boot_error);
}

static void
record(const struct outgoing_opts *o, const struct outgoing_result *r, const struct hpvm_err *e,
    int rc)
{
	if (o->check_only)
		return;
	if (rc != 0) {
		cmdlog_note("hpvmmigrate: migration of guest '%s' to %s failed; it stays here: %s", o->name,
		    o->target, r->problems.n > 0 ? r->problems.text[0] : e->n > 0 ? e->msg[e->n - 1].text :
		    "unknown error");
		return;
	}
	cmdlog_note("hpvmmigrate: guest '%s' migrated to %s (%s): total %ld ms, downtime %ld ms, "
	    "%lld bytes", o->name, r->there, o->online ? "online" : "offline", r->total_ms,
	    o->online ? r->downtime_ms : r->total_ms, r->transferred);
}

int
main(int argc, char *argv[])
{
	static struct outgoing_result r;
	struct outgoing_opts o = { 0 };
	struct hpvm_err e = { 0 };
	char byname[GUEST_NAME_MAX + 1];
	const char *number = NULL;
	int ch, rc;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "P:p:h:oN:m:CbDdsFqvH" GUEST_OPT_LETTERS)) != -1) {
		switch (ch) {
		case 'P': o.name = optarg; break;
		case 'p': number = optarg; break;
		case 'h': o.target = optarg; break;
		case 'o': o.online = 1; break;
		case 'N': o.change.newname = optarg; break;
		case 'C': o.copy = 1; break;
		case 'b': o.boot = 1; break;
		case 'D': o.remove = 1; break;
		case 'd': o.stop_first = 1; break;
		case 's': o.check_only = 1; break;
		case 'F': o.force = 1; break;
		case 'q': o.quiet = 1; break;
		case 'v':
			printf("hpvmmigrate: HP Integrity VM for Linux %s\n", HPVM_VERSION);
			return cmdlog_end(0);
		case 'H': usage(CMD_HELP);
		case 'm': case 'c': case 'e': case 'E': case 'r': case 'l':
			if (guest_change_add(&o.change, ch, optarg) == -1) {
				hpvm_fail(&e, 0, "Out of memory.");
				return cmdlog_end(hpvm_report("hpvmmigrate", NULL, &e));
			}
			break;
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if ((o.name == NULL) == (number == NULL) || o.target == NULL || optind != argc ||
	    (o.online && (o.boot || o.stop_first)))
		usage(CMD_USAGE_ERROR);
	o.name = cmd_guest_name("hpvmmigrate", o.name, number, byname, sizeof(byname));
	rc = source_migrate(&o, &r, &e);
	if (r.problems.n > 0)
		print_problems(o.name, &r.problems);
	else
		hpvm_report("hpvmmigrate", o.name, &e);
	if (rc == 0)
		print_success(&o, &r);
	record(&o, &r, &e, rc);
	guest_change_free(&o.change);
	return cmdlog_end(rc == 0 ? 0 : 1);
}
