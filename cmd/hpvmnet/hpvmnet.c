/* hpvmnet: create, boot, halt, reset, delete and show virtual switches and their ports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/units.h"
#include "base/version.h"
#include "cmd.h"
#include "fmt/vswitch_fmt.h"
#include "net/vswitch_view.h"
#include "ops/vswitch_admin.h"
#include "store/vswitch_config.h"

static const char synopsis[] =
"hpvmnet [-V | -M | -X]\n"
"hpvmnet -c -S vswitch-name [-n nic] [-t bridge|ovs]\n"
"hpvmnet -S vswitch-name {-b | -h [-F] | -r | -d [-F]}\n"
"hpvmnet -S vswitch-name [-M | -X]\n"
"hpvmnet -S vswitch-name -p port [-A]\n"
"hpvmnet -S vswitch-name -z\n"
"hpvmnet -S vswitch-name -u portid:N:vlanid:{V|none}\n"
"hpvmnet -v\n"
"hpvmnet -H\n";

struct opts {
	const char	*name, *nic, *backend, *vlan;
	int		 action, force, fmt, port, detail;
};

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

static void
set_action(struct opts *o, int a)
{
	if (o->action != 0)
		usage(CMD_USAGE_ERROR);
	o->action = a;
}

/* hpvmnet -S name: the switch's line, then its ports. */
static void
print_switch(const struct vswitch_view *v)
{
	vswitch_fmt_header(stdout);
	vswitch_fmt_line(stdout, v);
	putchar('\n');
	vswitch_fmt_ports(stdout, v);
}

static int
list(int fmt, struct hpvm_err *e)
{
	struct vswitch_view *vs[256];
	char **names;
	size_t n, i, k = 0;

	if (vswitch_config_names(&names, &n, e) == -1)
		return -1;
	if (fmt == 0)
		vswitch_fmt_header(stdout);
	for (i = 0; i < n && k < 256; i++) {
		struct hpvm_err le = { 0 };
		struct vswitch sw;
		if (vswitch_config_load(names[i], &sw, &le) == -1) {
			hpvm_warn(e, "vswitch %s cannot be read: %s", names[i], hpvm_err_first(&le));
			continue;
		}
		if ((vs[k] = malloc(sizeof(struct vswitch_view))) == NULL)
			break;
		vswitch_view_of(&sw, vs[k], e);
		if (fmt == 0)
			vswitch_fmt_line(stdout, vs[k]);
		else if (fmt == 'V') {
			if (k > 0)
				putchar('\n');
			print_switch(vs[k]);
		} else if (fmt == 'M')
			vswitch_fmt_record(stdout, vs[k]);
		k++;
	}
	if (fmt == 'X')
		vswitch_fmt_xml(stdout, vs, k, e);
	for (i = 0; i < k; i++)
		free(vs[i]);
	vswitch_config_names_free(names, n);
	return 0;
}

static int
show(const struct opts *o, struct vswitch_view *v, struct hpvm_err *e)
{
	struct vswitch_port_view pv;

	if (vswitch_view_load(o->name, v, e) == -1)
		return -1;
	if (o->port >= 0) {
		if (vswitch_view_port(v, o->port, &pv, e) == -1)
			return -1;
		vswitch_fmt_port_detail(stdout, v, &pv, o->detail);
	} else if (o->fmt == 'M')
		vswitch_fmt_record(stdout, v);
	else if (o->fmt == 'X')
		return vswitch_fmt_xml(stdout, &v, 1, e);
	else
		print_switch(v);
	return 0;
}

static int
run(const struct opts *o, struct hpvm_err *e)
{
	struct vswitch_view *v;
	int lk, rc;

	switch (o->action) {
	case 'c': return vswitch_admin_create(o->name, o->nic, o->backend, e);
	case 'b': return vswitch_admin_set_state(o->name, VSWITCH_BOOT, e);
	case 'h':
		return cmd_confirm(o->force, e, "hpvmnet: Halt the vswitch '%s'?", o->name) ?
		    vswitch_admin_set_state(o->name, VSWITCH_HALT, e) : -1;
	case 'r': return vswitch_admin_set_state(o->name, VSWITCH_RESET, e);
	case 'd':
		return vswitch_admin_delete(o->name, o->force ? VSWITCH_DELETE_FORCED :
		    VSWITCH_DELETE_UNUSED, e);
	case 'u': return vswitch_admin_vlan(o->name, o->vlan, e);
	case 'z': return vswitch_admin_counters_clear(o->name, e);
	}
	if ((lk = lock_global(LOCK_SHARED_MODE, e)) == -1)
		return -1;
	if (o->name == NULL)
		rc = list(o->fmt, e);
	else if ((v = malloc(sizeof(*v))) == NULL)
		rc = hpvm_fail(e, 0, "Out of memory.");
	else {
		rc = show(o, v, e);
		free(v);
	}
	lock_release(lk);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct opts o = { .port = -1 };
	struct hpvm_err e = {0};
	long n;
	int ch;

	cmdlog_begin(argc, argv);
	cmd_require_root(argc, argv);
	while ((ch = getopt(argc, argv, "cS:n:t:bhrdFp:Azu:MXVvH")) != -1) {
		switch (ch) {
		case 'S': o.name = optarg; break;
		case 'n': o.nic = optarg; break;
		case 't': o.backend = optarg; break;
		case 'F': o.force = 1; break;
		case 'A': o.detail = 1; break;
		case 'M': case 'X': case 'V': o.fmt = ch; break;
		case 'c': case 'b': case 'h': case 'r': case 'd': case 'z': set_action(&o, ch); break;
		case 'u': set_action(&o, 'u'); o.vlan = optarg; break;
		case 'p':
			if (units_parse_int(optarg, 0, VSWITCH_PORTS - 1, &n) == -1) {
				fprintf(stderr, "hpvmnet: ERROR (host): Invalid port '%s': ports are 0-%d.\n",
				    optarg, VSWITCH_PORTS - 1);
				return cmdlog_end(1);
			}
			o.port = (int)n;
			break;
		case 'v':
			printf("hpvmnet: Version %s\n", HPVM_VERSION);
			return cmdlog_end(0);
		case 'H': usage(CMD_HELP);
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if (optind != argc || (o.action != 0 && o.name == NULL) || (o.detail && o.port < 0) ||
	    (o.port >= 0 && (o.name == NULL || o.action)) || (o.fmt == 'V' && o.name != NULL) || ((o.nic || o.backend) && o.action != 'c'))
		usage(CMD_USAGE_ERROR);
	run(&o, &e);
	fflush(stdout);
	return cmdlog_end(hpvm_report("hpvmnet", o.name, &e));
}
