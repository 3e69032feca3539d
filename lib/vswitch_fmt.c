/* vswitch_fmt.c: print vswitches and their ports as HP's hpvmnet did; counters come from the ports' taps. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "err.h"
#include "fsutil.h"
#include "guest_xml.h"
#include "netlink.h"
#include "paths.h"
#include "rspec.h"
#include "version.h"
#include "vswitch.h"
#include "vswitch_fmt.h"

#define X(s)	((const xmlChar *)(s))

static const char *const counter_names[] = { "tx_bytes", "tx_packets", "tx_dropped", "rx_bytes",
	"rx_packets", "multicast", "rx_dropped" };
#define NCOUNTERS	(sizeof(counter_names) / sizeof(counter_names[0]))

static void
uplink_mac(const struct vswitch *vs, char *buf, size_t len)
{
	uint8_t m[6];

	if (vs->uplink[0] == '\0' || nl_link_mac(vs->uplink, m) == -1)
		snprintf(buf, len, "N/A");
	else
		snprintf(buf, len, "0x%02x%02x%02x%02x%02x%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static void
host_ip(const struct vswitch *vs, char *buf, size_t len)
{
	char br[32];

	vswitch_bridge(vs, br, sizeof(br));
	if (vs->uplink[0] == '\0' || nl_first_ipv4(vswitch_is_up(vs) ? br : vs->uplink, buf, len) == -1)
		snprintf(buf, len, "N/A");
}

void
vswitch_table_header(FILE *f)
{
	fprintf(f, "Name         Number State   Mode      PPA          MAC Address    IP Address\n"
	    "============ ====== ======= ========= ============ ============== ===============\n");
}

void
vswitch_table_line(FILE *f, const struct vswitch *vs)
{
	char mac[32], ip[64];

	uplink_mac(vs, mac, sizeof(mac));
	host_ip(vs, ip, sizeof(ip));
	fprintf(f, "%-12s %6d %-7s %-9s %-12s %-14s %s\n", vs->name, vs->number,
	    vswitch_is_up(vs) ? "Up" : "Down", "Shared", vs->uplink, mac, ip);
}

/* -M: name:number:state:mode:ppa:mac:ip:backend:ports(port;vlan;guest;adapter,...) */
void
vswitch_record(FILE *f, const struct vswitch *vs)
{
	struct vswitch_port ports[VSWITCH_PORTS];
	char mac[32], ip[64];
	int i, n = vswitch_ports_active(vs->name, ports, VSWITCH_PORTS);

	uplink_mac(vs, mac, sizeof(mac));
	host_ip(vs, ip, sizeof(ip));
	fprintf(f, "%s:%d:%s:Shared:%s:%s:%s:%s:", vs->name, vs->number,
	    vswitch_is_up(vs) ? "Up" : "Down", vs->uplink, mac, ip, vs->ovs ? "ovs" : "bridge");
	for (i = 0; i < n; i++) {
		int v = vs->vlan[ports[i].port];
		char vlan[16];
		snprintf(vlan, sizeof(vlan), v == VLAN_NONE ? "none" : "%d", v);
		fprintf(f, "%s%d;%s;%s;%s", i ? "," : "", ports[i].port, vlan, ports[i].guest,
		    ports[i].adapter);
	}
	fputc('\n', f);
}

static const struct vswitch_port *
active_port(const struct vswitch_port *ports, int n, int port)
{
	int i;

	for (i = 0; i < n; i++)
		if (ports[i].port == port)
			return &ports[i];
	return NULL;
}

/* hpvmnet -S name: every port that is configured, tagged or active. */
void
vswitch_ports_table(FILE *f, const struct vswitch *vs)
{
	struct vswitch_port ports[VSWITCH_PORTS];
	int reservations[VSWITCH_PORTS];
	char vlan[16];
	int p, n = vswitch_ports_active(vs->name, ports, VSWITCH_PORTS);

	vswitch_port_reservations(vs->name, NULL, reservations);
	fprintf(f, "[Port Configuration Details]\n"
	    "Port    Port         Port     Untagged Number of    Active VM\n"
	    "Number  State        Adaptor  VLANID   Reserved VMs\n"
	    "======= ============ ======== ======== ============ ============\n");
	for (p = 0; p < VSWITCH_PORTS; p++) {
		const struct vswitch_port *a = active_port(ports, n, p);
		int reserved = reservations[p];
		if (a == NULL && reserved == 0 && vs->vlan[p] == VLAN_NONE)
			continue;
		if (vs->vlan[p] == VLAN_NONE)
			snprintf(vlan, sizeof(vlan), "none");
		else
			snprintf(vlan, sizeof(vlan), "%d", vs->vlan[p]);
		fprintf(f, "%-7d %-12s %-8s %-8s %-12d %s\n", p, a ? "Active" : "Reserved",
		    a ? a->adapter : "", vlan, reserved + (a && reserved == 0), a ? a->guest : "");
	}
}

static int
read_counter(const char *tap, const char *name, unsigned long long *v)
{
	char path[128], *text;

	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s", tap, name);
	if (file_read_all(path, &text, NULL, NULL) == -1)
		return -1;
	*v = strtoull(text, NULL, 10);
	free(text);
	return 0;
}

static int
baseline_path(const struct vswitch *vs, int port, char *buf, size_t len)
{
	return hpvm_path(buf, len, HPVM_RUN "/vswitches/%s/counters.%d", vs->name, port);
}

/* The counters since the last -z; taps count from the host's side, so inbound to the guest is tap tx. */
static void
counters(const struct vswitch *vs, const struct vswitch_port *a, unsigned long long c[NCOUNTERS])
{
	char path[HPVM_PATH_LEN], *text;
	unsigned long long base[NCOUNTERS] = { 0 };
	char tap[16];
	size_t i;

	if (baseline_path(vs, a->port, path, sizeof(path)) == 0 &&
	    file_read_all(path, &text, NULL, NULL) == 0) {
		if (sscanf(text, "%15s %llu %llu %llu %llu %llu %llu %llu", tap, &base[0], &base[1],
		    &base[2], &base[3], &base[4], &base[5], &base[6]) != 8 || strcmp(tap, a->tap) != 0)
			memset(base, 0, sizeof(base));
		free(text);
	}
	for (i = 0; i < NCOUNTERS; i++) {
		c[i] = 0;
		if (read_counter(a->tap, counter_names[i], &c[i]) == 0 && c[i] >= base[i])
			c[i] -= base[i];
	}
}

int
vswitch_port_detail(FILE *f, const struct vswitch *vs, int port, struct hpvm_err *e)
{
	struct vswitch_port ports[VSWITCH_PORTS];
	const struct vswitch_port *a;
	unsigned long long c[NCOUNTERS];
	char names[256], vlan[16];
	int n = vswitch_ports_active(vs->name, ports, VSWITCH_PORTS);

	a = active_port(ports, n, port);
	vswitch_users(vs->name, port, NULL, names, sizeof(names));
	if (a == NULL && names[0] == '\0' && vs->vlan[port] == VLAN_NONE)
		return hpvm_fail(e, ENOENT, "Port %d of vswitch %s is not in use.", port, vs->name);
	if (vs->vlan[port] == VLAN_NONE)
		snprintf(vlan, sizeof(vlan), "none");
	else
		snprintf(vlan, sizeof(vlan), "%d", vs->vlan[port]);
	fprintf(f, "Vswitch Name        : %s\nMax Number of Ports : %d\nPort Number         : %d\n"
	    "  Port State        : %s\n  Active VM         : %s\n  Untagged VlanId   : %s\n"
	    "  Reserved VMs      : %s\n  Adaptor           : %s\n", vs->name, VSWITCH_PORTS, port,
	    a ? "Active" : "Reserved", a ? a->guest : "", vlan, names[0] ? names : (a ? a->guest : ""),
	    a ? a->adapter : "");
	if (a == NULL)
		return 0;
	counters(vs, a, c);
	fprintf(f, "  Tap               : %s\n  Inbound Octets    : %llu\n  Inbound Pkts      : %llu\n"
	    "  Inbound Discards  : %llu\n  Outbound Octets   : %llu\n  Outbound Unicast Pkts : %llu\n"
	    "  Outbound Non-Unicast Pkts : %llu\n  Outbound Discards : %llu\n", a->tap, c[0], c[1], c[2],
	    c[3], c[4] >= c[5] ? c[4] - c[5] : 0, c[5], c[6]);
	return 0;
}

/* -z: remember the counters now; -A shows what came after. */
int
vswitch_counters_clear(const struct vswitch *vs, struct hpvm_err *e)
{
	struct vswitch_port ports[VSWITCH_PORTS];
	char path[HPVM_PATH_LEN], line[256];
	int i, n = vswitch_ports_active(vs->name, ports, VSWITCH_PORTS);

	for (i = 0; i < n; i++) {
		unsigned long long c[NCOUNTERS] = { 0 };
		size_t k;
		for (k = 0; k < NCOUNTERS; k++)
			read_counter(ports[i].tap, counter_names[k], &c[k]);
		snprintf(line, sizeof(line), "%s %llu %llu %llu %llu %llu %llu %llu\n", ports[i].tap,
		    c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
		if (baseline_path(vs, ports[i].port, path, sizeof(path)) == -1 ||
		    file_write_atomic(path, line, strlen(line), 0644, e) == -1)
			return -1;
	}
	return 0;
}

int
vswitch_xml(FILE *f, struct vswitch *const *vss, size_t n, struct hpvm_err *e)
{
	xmlDocPtr doc = xmlNewDoc(X("1.0"));
	xmlNodePtr root = xmlNewNode(NULL, X("hpvmnet"));
	char *buf, num[16], mac[32], ip[64];
	size_t i, len;
	int k, np, rc;

	xmlDocSetRootElement(doc, root);
	xmlNewProp(root, X("version"), X(HPVM_VERSION));
	for (i = 0; i < n; i++) {
		struct vswitch_port ports[VSWITCH_PORTS];
		xmlNodePtr v = xmlAddChild(root, vswitch_xml_node(vss[i]));
		xmlNodePtr rt = xmlNewChild(v, NULL, X("runtime"), NULL);
		xmlNewProp(rt, X("state"), X(vswitch_is_up(vss[i]) ? "Up" : "Down"));
		uplink_mac(vss[i], mac, sizeof(mac));
		host_ip(vss[i], ip, sizeof(ip));
		xmlNewProp(rt, X("mac"), X(mac));
		xmlNewProp(rt, X("ip"), X(ip));
		np = vswitch_ports_active(vss[i]->name, ports, VSWITCH_PORTS);
		for (k = 0; k < np; k++) {
			xmlNodePtr a = xmlNewChild(rt, NULL, X("active"), NULL);
			snprintf(num, sizeof(num), "%d", ports[k].port);
			xmlNewProp(a, X("port"), X(num));
			xmlNewProp(a, X("guest"), X(ports[k].guest));
			xmlNewProp(a, X("adapter"), X(ports[k].adapter));
			xmlNewProp(a, X("tap"), X(ports[k].tap));
		}
	}
	if ((rc = xml_doc_dump(doc, &buf, &len, e)) == 0) {
		fwrite(buf, 1, len, f);
		free(buf);
	}
	xmlFreeDoc(doc);
	return rc;
}
