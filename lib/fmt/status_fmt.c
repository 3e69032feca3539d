/* status_fmt.c: print guest views the way HP's hpvmstatus does, plus the machine-readable -M and -X forms. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "base/hpvm_err.h"
#include "base/mac.h"
#include "base/units.h"
#include "base/uuid.h"
#include "base/version.h"
#include "fmt/status_fmt.h"
#include "model/guest.h"
#include "model/rspec.h"
#include "ops/guest_view.h"
#include "store/guest_xml.h"
#include "store/xml.h"
#include "vmm/runtime.h"

void
status_fmt_summary_header(FILE *f)
{
	fprintf(f, "[Virtual Machines]\n"
	    "Virtual Machine Name VM #  OS Type State     #VCPUs #Devs #Nets Memory  Runsysid\n"
	    "==================== ===== ======= ========= ====== ===== ===== ======= ========\n");
}

void
status_fmt_summary_line(FILE *f, const struct guest_view *v)
{
	const struct guest *g = &v->g;
	char mem[32];

	units_format_memory(g->memory_mb, mem, sizeof(mem));
	fprintf(f, "%-20s %5d %-7s %-9s %6d %5d %5d %7s %8d\n", g->name, g->vmnum,
	    guest_os_limits(g->os)->name, v->rt.state, g->vcpus, v->ndisks, v->nnics, mem, 0);
}

static void
acl_line(FILE *f, const char *title, const struct acl *a, int n, enum acl_level level)
{
	int i;

	fprintf(f, "%s", title);
	for (i = 0; i < n; i++)
		if (a[i].level == level)
			fprintf(f, " %s", a[i].name);
	fputc('\n', f);
}

/* [Authorized Administrators]: the -P table and the -V list differ only in their titles. */
static void
acl_section(FILE *f, const struct guest *g, const char *oper_groups, const char *admin_groups,
    const char *oper_users, const char *admin_users)
{
	fprintf(f, "\n[Authorized Administrators]\n");
	acl_line(f, oper_groups, g->groups, g->ngroups, ACL_OPER);
	acl_line(f, admin_groups, g->groups, g->ngroups, ACL_ADMIN);
	acl_line(f, oper_users, g->users, g->nusers, ACL_OPER);
	acl_line(f, admin_users, g->users, g->nusers, ACL_ADMIN);
}

/* Cycles show with the whole percent of one host processor they are (HP [5.12]). */
void
status_fmt_entitlement(const struct guest_view *gv, enum ent_limit which, char *buf, size_t len)
{
	const struct guest *g = &gv->g;
	int v = which == ENT_LIMIT_MAX ? g->ent_max : g->ent_min;

	if (g->ent_unit == ENT_PERCENT)
		snprintf(buf, len, "%d.0%%", v);
	else if (v == 0)
		snprintf(buf, len, "100.0%%");
	else if (gv->host_mhz > 0)
		snprintf(buf, len, "%dMHz(%d%%)", v, guest_cycles_percent(v, gv->host_mhz));
	else
		snprintf(buf, len, "%dMHz", v);
}

static void
storage_table(FILE *f, const struct guest *g)
{
	size_t i;

	fprintf(f, "\n[Storage Interface Details]\n"
	    "Guest                                 Physical\n"
	    "Device  Adaptor    Bus Dev Ftn Tgt Lun Storage   Device\n"
	    "======= ========== === === === === === ========= =========================\n");
	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		if (d->type == DEV_NETWORK)
			continue;
		fprintf(f, "%-7s %-10s %3d %3d %3d %3d %3d %-9s %s\n", device_type_name(d->type),
		    device_adapter_name(d->adapter), d->bus, d->dev, 0, d->target, 0,
		    device_backing_name(d->backing), d->location);
	}
}

static void
network_table(FILE *f, const struct guest *g)
{
	char mac[MAC_STR_LEN + 1], port[16];
	size_t i;

	fprintf(f, "\n[Network Interface Details]\n"
	    "Interface Adaptor    Name/Num   PortNum Bus Dev Ftn Mac Address\n"
	    "========= ========== ========== ======= === === === =================\n");
	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		if (d->type != DEV_NETWORK)
			continue;
		mac_format(d->mac, mac, sizeof(mac));
		if (d->portid >= 0)
			snprintf(port, sizeof(port), "%d", d->portid);
		else
			port[0] = '\0';
		fprintf(f, "%-9s %-10s %-10s %-7s %3d %3d %3d %s\n", "vswitch",
		    device_adapter_name(d->adapter), d->location, port, d->bus, d->dev, 0, mac);
	}
}

/* hpvmstatus -P name */
void
status_fmt_detail(FILE *f, const struct guest_view *v)
{
	const struct guest *g = &v->g;
	char ent[32], max[32], mem[32], res[32];

	fprintf(f, "[Virtual Machine Details]\n"
	    "Virtual Machine Name VM #  OS Type State\n"
	    "==================== ===== ======= ========\n");
	fprintf(f, "%-20s %5d %-7s %s\n", g->name, g->vmnum, guest_os_limits(g->os)->name,
	    v->rt.state);
	if (v->pending)
		fprintf(f, "(Configuration changes are pending; they take effect at the next start.)\n");
	acl_section(f, g, "Oper Groups:", "Admin Groups:", "Oper Users:", "Admin Users:");
	status_fmt_entitlement(v, ENT_LIMIT_MIN, ent, sizeof(ent));
	status_fmt_entitlement(v, ENT_LIMIT_MAX, max, sizeof(max));
	fprintf(f, "\n[Virtual CPU Details]\n#vCPUs Entitlement Maximum\n"
	    "====== =========== =======\n%6d %11s %7s\n", g->vcpus, ent, max);
	units_format_memory(g->memory_mb, mem, sizeof(mem));
	units_format_memory(g->reserved_mb, res, sizeof(res));
	fprintf(f, "\n[Memory Details]\nTotal    Reserved\nMemory   Memory\n"
	    "=======  ========\n%7s  %8s\n", mem, res);
	storage_table(f, g);
	network_table(f, g);
	fprintf(f, "\n[Misc Interface Details]\n"
	    "Guest                                 Physical\n"
	    "Device  Adaptor    Bus Dev Ftn Tgt Lun Storage   Device\n"
	    "======= ========== === === === === === ========= =========================\n"
	    "serial  com1                           tty       console\n");
}

static const char *
en(int v)
{
	return v ? "Enabled" : "Disabled";
}

static void
verbose_devices(FILE *f, const struct guest *g)
{
	char mac[MAC_STR_LEN + 1];
	size_t i;

	fprintf(f, "\n[Storage Interface Details]\n");
	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		if (d->type == DEV_NETWORK)
			continue;
		fprintf(f, "Guest Device type     : %s\nGuest Adaptor type    : %s\n"
		    "Bus                   : %d\nDevice                : %d\nFunction              : 0\n"
		    "Target                : %d\nLun                   : 0\n"
		    "Physical Storage type : %s\nPhysical Device       : %s\n\n",
		    device_type_name(d->type), device_adapter_name(d->adapter), d->bus, d->dev, d->target,
		    device_backing_name(d->backing), d->location);
	}
	fprintf(f, "[Network Interface Details]\n");
	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		if (d->type != DEV_NETWORK)
			continue;
		mac_format(d->mac, mac, sizeof(mac));
		fprintf(f, "Physical Storage type : vswitch\nGuest Adaptor type    : %s\n"
		    "Backing               : %s\n", device_adapter_name(d->adapter), d->location);
		if (d->portid >= 0)
			fprintf(f, "Vswitch Port          : %d\n", d->portid);
		fprintf(f, "Bus                   : %d\nDevice                : %d\n"
		    "Function              : 0\nMac Address           : %s\n\n", d->bus, d->dev, mac);
	}
}

/* hpvmstatus -V -P name: HP's key-value detail. */
void
status_fmt_verbose(FILE *f, const struct guest_view *v)
{
	const struct guest *g = &v->g;
	char ent[32], max[32], mem[32];

	status_fmt_entitlement(v, ENT_LIMIT_MIN, ent, sizeof(ent));
	status_fmt_entitlement(v, ENT_LIMIT_MAX, max, sizeof(max));
	units_format_memory(g->memory_mb, mem, sizeof(mem));
	fprintf(f, "[Virtual Machines Details]\n"
	    "Virtual Machine Name  : %s\nVirtual Machine UUID  : %s\n"
	    "Virtual Machine ID    : %d\nVirtual Machine Label : %s\n"
	    "Operating System      : %s\nState                 : %s\n"
	    "Start type            : %s\nRunnable status       : %s\n"
	    "Modify status         : %s\nVisible status        : %s\n"
	    "Register status       : %s\n",
	    g->name, g->uuid, g->vmnum, g->label, guest_os_limits(g->os)->name, v->rt.state,
	    g->start_auto ? "Auto" : "Manual", en(g->runnable), en(g->modifiable),
	    en(g->visible), en(g->registered));
	const struct runtime_info *ri = &v->rt;
	if (ri->running)
		fprintf(f, "QEMU PID              : %ld\nUptime                : %ld s\n",
		    (long)ri->qemu_pid, v->uptime);
	if (v->pending)
		fprintf(f, "Pending changes       : yes (applied at the next start)\n");
	if (g->cluster[0] != '\0')
		fprintf(f, "Cluster package       : %s\n", g->cluster);
	acl_section(f, g, "Oper Groups  :", "Admin Groups :", "Oper Users   :", "Admin Users  :");
	fprintf(f, "\n[Virtual CPU Details]\nNumber of virtual CPUs : %d\n"
	    "Entitlement            : %s\nMaximum entitlement    : %s\n", g->vcpus, ent, max);
	fprintf(f, "\n[Memory Details]\nTotal memory    : %s\nReserved memory : %d MB\n",
	    mem, g->reserved_mb);
	verbose_devices(f, g);
}

static void
record_acls(FILE *f, const struct acl *a, int n)
{
	int i;

	fputc(':', f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s;%s", i ? "," : "", a[i].name, a[i].level == ACL_ADMIN ? "admin" : "oper");
}

/* -M: one line, ':' between fields, ';' between sub-fields, ',' between list items. */
void
status_fmt_record(FILE *f, const struct guest_view *v)
{
	const struct guest *g = &v->g;
	char mac[MAC_STR_LEN + 1];
	size_t i;
	int first;

	fprintf(f, "%s:%d:%s:%s:%s:%d:%d;%d;%s:%d:%s:%s:%s;%s;%s;%s", g->name, g->vmnum,
	    g->uuid, guest_os_limits(g->os)->name, v->rt.state, g->vcpus, g->ent_min, g->ent_max,
	    g->ent_unit == ENT_MHZ ? "mhz" : "percent", g->memory_mb, g->start_auto ? "auto" : "manual",
	    g->label, g->runnable ? "enabled" : "disabled", g->modifiable ? "enabled" : "disabled",
	    g->visible ? "enabled" : "disabled", g->registered ? "enabled" : "disabled");
	record_acls(f, g->users, g->nusers);
	record_acls(f, g->groups, g->ngroups);
	fputc(':', f);
	for (i = 0, first = 1; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		if (d->type == DEV_NETWORK)
			continue;
		fprintf(f, "%s%s;%s;%d;%d;0;%d;0;%s;%s", first ? "" : ",", device_type_name(d->type),
		    device_adapter_name(d->adapter), d->bus, d->dev, d->target, device_backing_name(d->backing),
		    d->location);
		first = 0;
	}
	fputc(':', f);
	for (i = 0, first = 1; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		if (d->type != DEV_NETWORK)
			continue;
		mac_format(d->mac, mac, sizeof(mac));
		fprintf(f, "%s%s;%d;%d;0;%s;%s;", first ? "" : ",", device_adapter_name(d->adapter),
		    d->bus, d->dev, mac, d->location);
		if (d->portid >= 0)
			fprintf(f, "%d", d->portid);
		first = 0;
	}
	const struct runtime_info *ri = &v->rt;
	fprintf(f, ":%ld:%ld:%s\n", ri->running ? (long)ri->qemu_pid : 0L, v->uptime,
	    v->pending ? "pending" : "");
}

/*
 * -D: the resource statements as they were typed (HP: the original resource description);
 * STATEMENTS_RESOLVED (-d) as the guest has them, every address, MAC and port filled in.
 */
void
status_fmt_statements(FILE *f, const struct guest *g, enum statements_form form)
{
	char buf[RSPEC_MAX];
	size_t i;

	for (i = 0; i < g->ndevs; i++) {
		if (form == STATEMENTS_TYPED && g->devs[i].spec != NULL)
			fprintf(f, "%s\n", g->devs[i].spec);
		else if (rspec_format(&g->devs[i], buf, sizeof(buf)) == 0)
			fprintf(f, "%s\n", buf);
	}
}

/* One guest's element, with its runtime state, as a child of `root`. */
static xmlNodePtr
xml_guest(xmlNodePtr root, const struct guest_view *v)
{
	const struct runtime_info *ri = &v->rt;
	xmlNodePtr gn = xmlAddChild(root, guest_xml_node(&v->g, root->doc));
	xmlNodePtr rt = xmlNewChild(gn, NULL, X("runtime"), NULL);
	char num[32];

	xmlNewProp(rt, X("state"), X(ri->state));
	xmlNewProp(rt, X("pending"), X(v->pending ? "yes" : "no"));
	if (ri->running && ri->qemu_pid > 0) {
		snprintf(num, sizeof(num), "%ld", (long)ri->qemu_pid);
		xmlNewProp(rt, X("pid"), X(num));
		snprintf(num, sizeof(num), "%ld", v->uptime);
		xmlNewProp(rt, X("uptime"), X(num));
	}
	return gn;
}

/* -X's start: the declaration and the document element, empty when no guest follows. */
void
status_fmt_xml_head(FILE *f, size_t n)
{
	xmlInitParser();	/* once, before any thread formats (libxml2 asks it of threaded programs) */
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, n > 0 ? "<hpvmstatus version=\"%s\">\n" : "<hpvmstatus version=\"%s\"/>\n",
	    HPVM_VERSION);
}

/* -X's end, after the `n` guests its head announced. */
void
status_fmt_xml_tail(FILE *f, size_t n)
{
	if (n > 0)
		fprintf(f, "</hpvmstatus>\n");
}

/*
 * -X guests a few at a time, each printed as the whole document would print it: ten thousand
 * guests are never in memory at once. A document valid against etc/schema/hpvm.rng, built from
 * configurations that were validated as they loaded. A run of guests shares one output buffer
 * and one name dictionary: otherwise each guest allocates its own of both.
 */
int
status_fmt_xml_begin(struct status_xml *x, FILE *f)
{
	memset(x, 0, sizeof(*x));
	xml_quiet();		/* a write error is the FILE's, for the caller to see: not printed */
	if ((x->doc = xmlNewDoc(X("1.0"))) == NULL || (x->root = xmlNewNode(NULL, X("hpvmstatus"))) == NULL ||
	    (x->out = xmlOutputBufferCreateFile(f, NULL)) == NULL ||
	    (((xmlDocPtr)x->doc)->dict = xmlDictCreate()) == NULL) {
		status_fmt_xml_end(x);
		return -1;
	}
	xmlDocSetRootElement(x->doc, x->root);
	return 0;
}

/* One guest's element, indented as a child of the document element; -1 when memory ran out. */
int
status_fmt_xml_guest(struct status_xml *x, const struct guest_view *v)
{
	xmlNodePtr gn = xml_guest(x->root, v);

	if (gn == NULL)
		return -1;
	xmlOutputBufferWriteString(x->out, "  ");
	xmlNodeDumpOutput(x->out, x->doc, gn, 1, 1, NULL);
	xmlOutputBufferWriteString(x->out, "\n");
	xmlUnlinkNode(gn);
	xmlFreeNode(gn);
	return 0;
}

/* What is buffered goes to the FILE; the rest is freed. */
void
status_fmt_xml_end(struct status_xml *x)
{
	if (x->out != NULL)
		xmlOutputBufferClose(x->out);	/* flushes into the FILE, which stays open */
	if (x->doc != NULL)
		xmlFreeDoc(x->doc);
	else if (x->root != NULL)
		xmlFreeNode(x->root);
	memset(x, 0, sizeof(*x));
}

/* -X of the guests `vs`. */
int
status_fmt_xml(FILE *f, const struct guest_view *vs, size_t n, struct hpvm_err *e)
{
	struct status_xml x;
	size_t i;
	int rc = 0;

	status_fmt_xml_head(f, n);
	if (status_fmt_xml_begin(&x, f) == -1)
		return hpvm_fail(e, ENOMEM, "Unable to format XML.");
	for (i = 0; i < n && rc == 0; i++)
		rc = status_fmt_xml_guest(&x, &vs[i]);
	status_fmt_xml_end(&x);
	status_fmt_xml_tail(f, n);
	return rc == 0 ? 0 : hpvm_fail(e, ENOMEM, "Unable to format XML.");
}
