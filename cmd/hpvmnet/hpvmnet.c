/* hpvmnet: create, boot, halt, reset, delete and show virtual switches and their ports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdlog.h"
#include "cmdutil.h"
#include "err.h"
#include "lock.h"
#include "units.h"
#include "version.h"
#include "vswitch.h"
#include "vswitch_fmt.h"
#include "vswitch_ops.h"

static const char synopsis[] =
"hpvmnet [-M | -X]\n"
"hpvmnet -c -S vswitch-name [-n nic] [-t bridge|ovs]\n"
"hpvmnet -S vswitch-name {-b | -h [-F] | -r | -d [-F]}\n"
"hpvmnet -S vswitch-name [-M | -X]\n"
"hpvmnet -S vswitch-name -p port -A\n"
"hpvmnet -S vswitch-name -z\n"
"hpvmnet -S vswitch-name -u portid:N:vlanid:{V|none}\n"
"hpvmnet -v\n"
"hpvmnet -H\n";

struct opts {
	const char	*name, *nic, *backend, *vlan;
	int		 action, force, fmt, port, detail;
};

static void __attribute__((noreturn))
usage(int help)
{
	cmd_usage(synopsis, help);
}

static void
set_action(struct opts *o, int a)
{
	if (o->action != 0)
		usage(0);
	o->action = a;
}

static int
list(int fmt, struct hpvm_err *e)
{
	struct vswitch *vss[256];
	char **names;
	size_t n, i, k = 0;

	if (vswitch_names(&names, &n, e) == -1)
		return -1;
	if (fmt == 0)
		vswitch_table_header(stdout);
	for (i = 0; i < n && k < 256; i++) {
		struct hpvm_err le = { 0 };
		if ((vss[k] = malloc(sizeof(struct vswitch))) == NULL)
			break;
		if (vswitch_load(names[i], vss[k], &le) == -1) {
			hpvm_warn(e, "vswitch %s cannot be read: %s", names[i], le.msg[0].text);
			free(vss[k]);
			continue;
		}
		if (fmt == 0)
			vswitch_table_line(stdout, vss[k]);
		else if (fmt == 'M')
			vswitch_record(stdout, vss[k]);
		k++;
	}
	if (fmt == 'X')
		vswitch_xml(stdout, vss, k, e);
	for (i = 0; i < k; i++)
		free(vss[i]);
	vswitch_names_free(names, n);
	return 0;
}

static int
show(const struct opts *o, struct hpvm_err *e)
{
	struct vswitch vs, *vp = &vs;

	if (vswitch_load(o->name, &vs, e) == -1)
		return -1;
	if (o->detail)
		return vswitch_port_detail(stdout, &vs, o->port, e);
	if (o->fmt == 'M')
		vswitch_record(stdout, &vs);
	else if (o->fmt == 'X')
		return vswitch_xml(stdout, &vp, 1, e);
	else {
		vswitch_table_header(stdout);
		vswitch_table_line(stdout, &vs);
		putchar('\n');
		vswitch_ports_table(stdout, &vs);
	}
	return 0;
}

static int
run(const struct opts *o, struct hpvm_err *e)
{
	struct vswitch vs;
	int lk, rc;

	switch (o->action) {
	case 'c': return vswitch_create(o->name, o->nic, o->backend, e);
	case 'b': return vswitch_set_state(o->name, 1, e);
	case 'h':
		return cmd_confirm(o->force, e, "hpvmnet: Halt the vswitch '%s'?", o->name) ?
		    vswitch_set_state(o->name, 0, e) : -1;
	case 'r': return vswitch_set_state(o->name, 2, e);
	case 'd': return vswitch_delete(o->name, o->force, e);
	case 'u': return vswitch_port_vlan(o->name, o->vlan, e);
	case 'z':
		if ((lk = lock_global(LOCK_SHARED_MODE, e)) == -1)
			return -1;
		rc = vswitch_load(o->name, &vs, e) == 0 ? vswitch_counters_clear(&vs, e) : -1;
		lock_release(lk);
		return rc;
	}
	if ((lk = lock_global(LOCK_SHARED_MODE, e)) == -1)
		return -1;
	rc = o->name ? show(o, e) : list(o->fmt, e);
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
	while ((ch = getopt(argc, argv, "cS:n:t:bhrdFp:Azu:MXvH")) != -1) {
		switch (ch) {
		case 'S': o.name = optarg; break;
		case 'n': o.nic = optarg; break;
		case 't': o.backend = optarg; break;
		case 'F': o.force = 1; break;
		case 'A': o.detail = 1; break;
		case 'M': case 'X': o.fmt = ch; break;
		case 'c': case 'b': case 'h': case 'r': case 'd': case 'z': set_action(&o, ch); break;
		case 'u': set_action(&o, 'u'); o.vlan = optarg; break;
		case 'p':
			if (parse_int(optarg, 0, VSWITCH_PORTS - 1, &n) == -1) {
				fprintf(stderr, "hpvmnet: ERROR (host): Invalid port '%s': ports are 0-%d.\n",
				    optarg, VSWITCH_PORTS - 1);
				return cmdlog_end(1);
			}
			o.port = (int)n;
			break;
		case 'v':
			printf("hpvmnet: Version %s\n", HPVM_VERSION);
			return cmdlog_end(0);
		case 'H': usage(1);
		default: usage(0);
		}
	}
	if (optind != argc || (o.action != 0 && o.name == NULL) || (o.detail != (o.port >= 0)) ||
	    (o.detail && (o.name == NULL || o.action)) || ((o.nic || o.backend) && o.action != 'c'))
		usage(0);
	run(&o, &e);
	fflush(stdout);
	return cmdlog_end(hpvm_report("hpvmnet", o.name, &e));
}
