/* vswitch_fmt.c: print vswitches and their ports as HP's hpvmnet did, from views gathered beforehand. */
#include <stdio.h>
#include <stdlib.h>

#include <libxml/tree.h>

#include "base/version.h"
#include "fmt/vswitch_fmt.h"
#include "net/vswitch_view.h"
#include "store/xml.h"

/* A booted switch guests can use comes up with its first guest: it is Up to them (localnet too). */
static const char *
state_of(const struct vswitch_view *v)
{
	return v->up || v->vs.boot ? "Up" : "Down";
}

static void
vlan_text(int vlan, char *buf, size_t len)
{
	if (vlan == VLAN_NONE)
		snprintf(buf, len, "none");
	else
		snprintf(buf, len, "%d", vlan);
}

void
vswitch_fmt_header(FILE *f)
{
	fprintf(f, "Name         Number State   Mode      PPA          MAC Address    IP Address\n"
	    "============ ====== ======= ========= ============ ============== ===============\n");
}

void
vswitch_fmt_line(FILE *f, const struct vswitch_view *v)
{
	fprintf(f, "%-12s %6d %-7s %-9s %-12s %-14s %s\n", v->vs.name, v->vs.number, state_of(v),
	    "Shared", v->vs.uplink, v->uplink_mac, v->ip);
}

/* -M: name:number:state:mode:ppa:mac:ip:backend:ports(port;vlan;guest;adapter,...) */
void
vswitch_fmt_record(FILE *f, const struct vswitch_view *v)
{
	char vlan[16];
	int i;

	fprintf(f, "%s:%d:%s:Shared:%s:%s:%s:%s:", v->vs.name, v->vs.number, state_of(v),
	    v->vs.uplink, v->uplink_mac, v->ip, v->vs.ovs ? "ovs" : "bridge");
	for (i = 0; i < v->nactive; i++) {
		vlan_text(v->vs.vlan[v->active[i].port], vlan, sizeof(vlan));
		fprintf(f, "%s%d;%s;%s;%s", i ? "," : "", v->active[i].port, vlan, v->active[i].guest,
		    v->active[i].adapter);
	}
	fputc('\n', f);
}

static const struct vswitch_port *
active_port(const struct vswitch_view *v, int port)
{
	int i;

	for (i = 0; i < v->nactive; i++)
		if (v->active[i].port == port)
			return &v->active[i];
	return NULL;
}

/* hpvmnet -S name: every port that is configured, tagged or active. */
void
vswitch_fmt_ports(FILE *f, const struct vswitch_view *v)
{
	char vlan[16];
	int p;

	fprintf(f, "[Port Configuration Details]\n"
	    "Port    Port         Port     Untagged Number of    Active VM\n"
	    "Number  State        Adaptor  VLANID   Reserved VMs\n"
	    "======= ============ ======== ======== ============ ============\n");
	for (p = 0; p < VSWITCH_PORTS; p++) {
		const struct vswitch_port *a = active_port(v, p);
		int reserved = v->reserved[p];
		if (a == NULL && reserved == 0 && v->vs.vlan[p] == VLAN_NONE)
			continue;
		vlan_text(v->vs.vlan[p], vlan, sizeof(vlan));
		fprintf(f, "%-7d %-12s %-8s %-8s %-12d %s\n", p, a ? "Active" : "Reserved",
		    a ? a->adapter : "", vlan, reserved + (a && reserved == 0), a ? a->guest : "");
	}
}

static void
port_line(FILE *f, const char *name, const char *value)
{
	fprintf(f, "  %-15s : %s\n", name, value);
}

static void
port_count(FILE *f, const char *name, unsigned long long n)
{
	fprintf(f, "  %-15s : %llu\n", name, n);
}

/*
 * HP's counters (-A). A tap counts from the host's side: what the guest receives is the tap's
 * tx. Linux counts per port, not per path: on a switch without an uplink every frame stays
 * local; with one, frames are counted as wire. Linux does not count a tap's outgoing
 * multicast, so inbound non-unicast frames are within the unicast figures.
 */
static void
port_counters(FILE *f, const struct vswitch_view *v, const unsigned long long *c)
{
	int wire = v->vs.uplink[0] != '\0';
	unsigned long long out_uni = c[VC_RX_PACKETS] >= c[VC_MULTICAST] ?
	    c[VC_RX_PACKETS] - c[VC_MULTICAST] : 0;

	port_count(f, "Inbound Octets", c[VC_TX_BYTES]);
	port_count(f, "Inbound Unicast Pkts (wire)", wire ? c[VC_TX_PACKETS] : 0);
	port_count(f, "Inbound Unicast Pkts (local)", wire ? 0 : c[VC_TX_PACKETS]);
	port_count(f, "Inbound Non-Unicast Pkts (wire)", 0);
	port_count(f, "Inbound Non-Unicast Pkts (local)", 0);
	port_count(f, "Inbound Discards", c[VC_TX_DROPPED]);
	port_count(f, "Outbound Octets", c[VC_RX_BYTES]);
	port_count(f, "Outbound Unicast Pkts (wire)", wire ? out_uni : 0);
	port_count(f, "Outbound Unicast Pkts (local)", wire ? 0 : out_uni);
	port_count(f, "Outbound Non-Unicast Pkts", c[VC_MULTICAST]);
	port_count(f, "Outbound Discards", c[VC_RX_DROPPED]);
}

/* hpvmnet -S sw -p N, and with -A its counters: HP's layout [1.4]. */
void
vswitch_fmt_port_detail(FILE *f, const struct vswitch_view *v, const struct vswitch_port_view *pv,
    int counters)
{
	const struct vswitch_port *a = pv->active;
	char vlan[16];

	vlan_text(v->vs.vlan[pv->port], vlan, sizeof(vlan));
	fprintf(f, "%-17s : %s\nMax Number of Ports : %d\n%-17s : %d\n", "Vswitch Name", v->vs.name,
	    VSWITCH_PORTS, "Port Number", pv->port);
	port_line(f, "Port State", a ? "Active" : "Reserved");
	port_line(f, "Active VM", a ? a->guest : "");
	port_line(f, "Untagged VlanId", vlan);
	port_line(f, "Reserved VMs", pv->reserved_by[0] ? pv->reserved_by : (a ? a->guest : ""));
	port_line(f, "Adaptor", a ? a->adapter : "");
	if (a != NULL && counters)
		port_counters(f, v, pv->counter);
	else if (a != NULL)
		port_line(f, "Tap", a->tap);
}

int
vswitch_fmt_xml(FILE *f, struct vswitch_view *const *views, size_t n, struct hpvm_err *e)
{
	xmlDocPtr doc = xmlNewDoc(X("1.0"));
	xmlNodePtr root = xmlNewNode(NULL, X("hpvmnet"));
	char *buf, num[16];
	size_t i, len;
	int k, rc;

	xmlDocSetRootElement(doc, root);
	xmlNewProp(root, X("version"), X(HPVM_VERSION));
	for (i = 0; i < n; i++) {
		const struct vswitch_view *v = views[i];
		xmlNodePtr vn = xmlAddChild(root, vswitch_config_xml_node(&v->vs));
		xmlNodePtr rt = xmlNewChild(vn, NULL, X("runtime"), NULL);
		xmlNewProp(rt, X("state"), X(state_of(v)));
		xmlNewProp(rt, X("mac"), X(v->uplink_mac));
		xmlNewProp(rt, X("ip"), X(v->ip));
		for (k = 0; k < v->nactive; k++) {
			xmlNodePtr a = xmlNewChild(rt, NULL, X("active"), NULL);
			snprintf(num, sizeof(num), "%d", v->active[k].port);
			xmlNewProp(a, X("port"), X(num));
			xmlNewProp(a, X("guest"), X(v->active[k].guest));
			xmlNewProp(a, X("adapter"), X(v->active[k].adapter));
			xmlNewProp(a, X("tap"), X(v->active[k].tap));
		}
	}
	if ((rc = xml_doc_dump(doc, &buf, &len, e)) == 0) {
		fwrite(buf, 1, len, f);
		free(buf);
	}
	xmlFreeDoc(doc);
	return rc;
}
