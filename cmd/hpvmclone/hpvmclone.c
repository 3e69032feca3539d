/* hpvmclone: define a new guest from an existing one: new UUID and MACs, its storage shared or copied (-b rsrc). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/name.h"
#include "cmd.h"
#include "model/guest_change.h"
#include "ops/guest_clone.h"

static const char synopsis[] =
"hpvmclone {-P vm-name | -p vm-number} -N new-vm-name [-O os-type] [-c vcpus]\n"
"          [-e percent[:max] | -E cycles[:max]] [-r memory] [-a rsrc]... [-d rsrc]...\n"
"          [-m rsrc]... [-l label] [-B auto|manual] [-u user[:admin|:oper]]...\n"
"          [-g group[:admin|:oper]]... [-x attr=value]... [-b rsrc]... [-s]\n"
"hpvmclone -H\n";

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

/* On a terminal, how far the copy of a disk has come, on one line that ends when it is done. */
static void
progress(off_t done, off_t total, void *arg)
{
	(void)arg;
	fprintf(stderr, "\rhpvmclone: copying storage: %3d%%", total > 0 ? (int)(done * 100 / total) : 100);
	if (done >= total)
		fputc('\n', stderr);
}

static int
add_copy(struct clone_copies *cp, const char *rsrc)
{
	const char **n = realloc(cp->rsrc, (cp->n + 1) * sizeof(*n));

	if (n == NULL)
		return -1;
	n[cp->n++] = rsrc;
	cp->rsrc = n;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct guest_change c = {0};
	struct hpvm_err e = {0};
	struct clone_copies cp = { 0 };
	enum define_mode mode = DEFINE_WRITE;
	const char *name = NULL, *newname = NULL, *number = NULL;
	char byname[GUEST_NAME_MAX + 1];
	size_t copied = 0;
	int ch, rc;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "P:p:N:a:d:m:b:sH" GUEST_OPT_LETTERS)) != -1) {
		switch (ch) {
		case 'P': name = optarg; break;
		case 'p': number = optarg; break;
		case 'N': newname = optarg; break;
		case 'b':
			if (add_copy(&cp, optarg) == -1) {
				hpvm_fail(&e, 0, "Out of memory.");
				return cmdlog_end(hpvm_report("hpvmclone", name, &e));
			}
			break;
		case 's': mode = DEFINE_CHECK_ONLY; break;
		case 'H': usage(CMD_HELP);
		case '?': usage(CMD_USAGE_ERROR);
		default:
			if (guest_change_add(&c, ch, optarg) == -1) {
				hpvm_fail(&e, 0, "Out of memory.");
				return cmdlog_end(hpvm_report("hpvmclone", name, &e));
			}
		}
	}
	if ((name == NULL) == (number == NULL) || newname == NULL || optind != argc)
		usage(CMD_USAGE_ERROR);
	name = cmd_guest_name("hpvmclone", name, number, byname, sizeof(byname));
	c.newname = newname;
	struct file_progress p = { .report = isatty(STDERR_FILENO) ? progress : NULL };
	guest_clone(name, &c, &cp, mode, &p, &copied, &e);
	rc = hpvm_report("hpvmclone", newname, &e);
	if (rc == 0 && copied > 0)
		printf("hpvmclone: Virtual storage cloned successfully.\n");
	guest_change_free(&c);
	free(cp.rsrc);
	return cmdlog_end(rc);
}
