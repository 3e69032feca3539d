/*
 * subagent.c: VM-MIB over AgentX. The scalars and tables (vm_tables.c) answer from the arrays of
 * one snapshot, rebuilt only by the poll alarm, never inside a request: a handler never waits
 * for QEMU (the master drops a subagent that stalls), and row pointers stay valid for the
 * whole of a request. The same alarm compares operational states with the last notified ones
 * and sends the RFC's notifications through the master; while the master is away nothing is
 * marked notified, so the change is sent once it is back.
 */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_callbacks.h>
#include <net-snmp/agent/agent_sysORTable.h>

#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "base/version.h"
#include "snmp/subagent.h"
#include "snmp/varbind.h"
#include "snmp/vm_snapshot.h"
#include "snmp/vm_tables.h"

#define VM_MIB		1, 3, 6, 1, 2, 1, 236
#define APP_NAME	"hpvmsnmpd"

/* Notifications vmNotifications.N. */
enum { N_BULK_OFFSET = 10, N_DELETED = 10 };
enum scalar { S_HVSOFT, S_HVVER, S_HVOID, S_HVUP, S_NUMBER, S_LASTCHANGE };

/* Bulk notifications go out when at least this many guests reached one state in one poll. */
#define BULK_MIN	2

static oid vm_mib_oid[] = { VM_MIB };	/* register_sysORTable() takes it non-const */
static const oid trap_oid_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };
/* netSnmpPlaceholder, until hpvm has an enterprise number of its own (hpvmsnmpd(1M)). */
static const oid hv_object_id[] = { 1, 3, 6, 1, 4, 1, 8072, 9999, 9999 };

/* A guest's state as last notified (or seen at start), by vmIndex. */
struct known {
	long	index;
	int	oper;
	char	name[65];
	uint8_t	uuid[16];
};

static struct {
	struct vm_snapshot	snap;
	struct known		*known;
	size_t			nknown;
	int			master_up;
	int			baseline;	/* the first poll only learns the states */
	uint32_t		last_change_cs;
	long			per_vm_enabled, bulk_enabled;	/* TruthValue: 1 true, 2 false */
	int			timeout_ms;
} sa;

/* ---- scalars */

static int
scalar_handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
    netsnmp_agent_request_info *ri, netsnmp_request_info *rq)
{
	static const char software[] = "HP Integrity VM (hpvm) on QEMU";

	(void)reg;
	if (ri->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (; rq != NULL; rq = rq->next) {
		switch ((enum scalar)(intptr_t)h->myvoid) {
		case S_HVSOFT: varbind_str(rq, software, strlen(software)); break;
		case S_HVVER: varbind_str(rq, HPVM_VERSION, strlen(HPVM_VERSION)); break;
		case S_HVOID:
			snmp_set_var_typed_value(rq->requestvb, ASN_OBJECT_ID, hv_object_id,
			    sizeof(hv_object_id));
			break;
		case S_HVUP: varbind_ticks(rq, sa.snap.hv_uptime_cs); break;
		case S_NUMBER: varbind_int(rq, (long)sa.snap.nvm); break;
		case S_LASTCHANGE: varbind_ticks(rq, sa.last_change_cs); break;
		}
	}
	return SNMP_ERR_NOERROR;
}

static int
register_scalar(const char *name, enum scalar key, const oid *o, size_t len)
{
	netsnmp_handler_registration *reg = netsnmp_create_handler_registration(name, scalar_handler,
	    o, len, HANDLER_CAN_RONLY);

	if (reg == NULL)
		return -1;
	reg->handler->myvoid = (void *)(intptr_t)key;
	return netsnmp_register_scalar(reg) == MIB_REGISTERED_OK ? 0 : -1;
}

/* ---- notifications */

static void
add_column(netsnmp_variable_list **vl, unsigned int col, long index, u_char type, const void *val,
    size_t len)
{
	oid o[] = { VM_MIB, 1, T_VM, 1, col, (oid)index };

	snmp_varlist_add_variable(vl, o, OID_LENGTH(o), type, val, len);
}

static netsnmp_variable_list *
trap_start(int n)
{
	oid trap[] = { VM_MIB, 0, (oid)n };
	netsnmp_variable_list *vl = NULL;

	snmp_varlist_add_variable(&vl, trap_oid_oid, OID_LENGTH(trap_oid_oid), ASN_OBJECT_ID,
	    trap, sizeof(trap));
	return vl;
}

/* Per guest: vmName, vmUUID and vmOperState, which holds the state it left (RFC 7666). */
static void
notify_vm(int n, const struct known *k, long previous, int deleted)
{
	netsnmp_variable_list *vl = trap_start(n);
	long persistent = 2;

	add_column(&vl, 2, k->index, ASN_OCTET_STR, k->name, strlen(k->name));
	add_column(&vl, 3, k->index, ASN_OCTET_STR, k->uuid, vm_tables_uuid_len(k->uuid));
	add_column(&vl, 6, k->index, ASN_INTEGER, &previous, sizeof(previous));
	if (deleted)
		add_column(&vl, 8, k->index, ASN_INTEGER, &persistent, sizeof(persistent));
	send_v2trap(vl);
	snmp_free_varbind(vl);
}

/* A set of guests: vmAffectedVMs, a bitmap whose first octet's high bit is vmIndex 1. */
static void
notify_bulk(int n, const uint8_t *bits, size_t len)
{
	oid affected[] = { VM_MIB, 1, 11, 0 };
	netsnmp_variable_list *vl = trap_start(n + N_BULK_OFFSET);

	snmp_varlist_add_variable(&vl, affected, OID_LENGTH(affected), ASN_OCTET_STR, bits, len);
	send_v2trap(vl);
	snmp_free_varbind(vl);
}

/* vmRunning(1) ... vmCrashed(9) for the state a guest reached; 0 for a state with none. */
static int
notification_for(int oper)
{
	switch (oper) {
	case VM_OPER_RUNNING: return 1;
	case VM_OPER_SHUTTINGDOWN: return 2;
	case VM_OPER_SHUTDOWN: return 3;
	case VM_OPER_PAUSED: return 4;
	case VM_OPER_SUSPENDING: return 5;
	case VM_OPER_SUSPENDED: return 6;
	case VM_OPER_RESUMING: return 7;
	case VM_OPER_MIGRATING: return 8;
	case VM_OPER_CRASHED: return 9;
	}
	return 0;
}

struct bulk {
	uint8_t	bits[N_DELETED + 1][128];	/* vmIndex 1..1024 */
	int	count[N_DELETED + 1];
	long	max;
};

static void
bulk_add(struct bulk *b, int n, long index)
{
	if (index < 1 || index > 1024)
		return;
	b->bits[n][(index - 1) / 8] |= (uint8_t)(0x80 >> ((index - 1) % 8));
	b->count[n]++;
	if (index > b->max)
		b->max = index;
}

static struct known *
known_find(long index)
{
	size_t i;

	for (i = 0; i < sa.nknown; i++)
		if (sa.known[i].index == index)
			return &sa.known[i];
	return NULL;
}

/*
 * Compare the new snapshot with the states last notified; send what changed. Rows that came
 * or went move vmTableLastChange. While the master is away nothing is sent and nothing is
 * marked known, so the change goes out after the reconnect.
 */
static void
notify_changes(void)
{
	static struct bulk b;
	struct known *next;
	size_t i, nnext = 0;
	int changed_rows = 0, n;

	if (!sa.master_up && !sa.baseline)
		return;
	memset(&b, 0, sizeof(b));
	if ((next = calloc(sa.snap.nvm + 1, sizeof(*next))) == NULL)
		return;
	for (i = 0; i < sa.snap.nvm; i++) {
		const struct vm_row *v = &sa.snap.vm[i];
		struct known *k = known_find(v->index), *nk = &next[nnext++];
		nk->index = v->index;
		nk->oper = v->oper;
		snprintf(nk->name, sizeof(nk->name), "%s", v->name);
		memcpy(nk->uuid, v->uuid, sizeof(nk->uuid));
		if (k == NULL)
			changed_rows = 1;
		/*
		 * A state with no notification of its own (preparing, other) is passed through, not
		 * left: the state a notification says the guest left must not depend on whether a
		 * poll happened to fall while the guest was starting.
		 */
		if (k != NULL && notification_for(v->oper) == 0)
			nk->oper = k->oper;
		if (sa.baseline || k == NULL || k->oper == v->oper || (n = notification_for(v->oper)) == 0)
			continue;
		if (sa.per_vm_enabled == 1)
			notify_vm(n, nk, k->oper, 0);
		bulk_add(&b, n, v->index);
	}
	for (i = 0; i < sa.nknown; i++) {
		if (vm_snapshot_find(&sa.snap, sa.known[i].index) != NULL)
			continue;
		changed_rows = 1;
		if (sa.baseline)
			continue;
		if (sa.per_vm_enabled == 1)
			notify_vm(N_DELETED, &sa.known[i], sa.known[i].oper, 1);
		bulk_add(&b, N_DELETED, sa.known[i].index);
	}
	for (n = 1; n <= N_DELETED && sa.bulk_enabled == 1; n++)
		if (b.count[n] >= BULK_MIN)
			notify_bulk(n, b.bits[n], (size_t)(b.max + 7) / 8);
	if (changed_rows && !sa.baseline)
		sa.last_change_cs = sa.snap.hv_uptime_cs;
	free(sa.known);
	sa.known = next;
	sa.nknown = nnext;
	sa.baseline = 0;
}

/* The poll alarm: a new snapshot (the old one goes only now, between requests), then the changes. */
static void
poll_guests(unsigned int reg, void *arg)
{
	struct vm_snapshot next;
	struct hpvm_err e = { 0 };

	(void)reg;
	(void)arg;
	if (vm_snapshot_take(&next, sa.timeout_ms, &e) == -1) {
		snmp_log(LOG_WARNING, APP_NAME ": cannot read the guests: %s\n", hpvm_err_first(&e));
		return;
	}
	for (int i = 0; i < e.n; i++)
		snmp_log(LOG_DEBUG, APP_NAME ": %s\n", e.msg[i].text);
	vm_snapshot_free(&sa.snap);
	sa.snap = next;
	notify_changes();
	/* Sampling's transient buffers (QMP replies, configurations) go back to the system. */
	malloc_trim(0);
}

/* net-snmp says when the AgentX session comes up (after every reconnect) and goes down. */
static int
on_session(int major, int minor, void *server, void *client)
{
	(void)major;
	(void)server;
	(void)client;
	sa.master_up = minor == SNMPD_CALLBACK_INDEX_START;
	snmp_log(LOG_INFO, APP_NAME ": AgentX session %s\n", sa.master_up ? "up" : "down");
	return 0;
}

static int
register_all(void)
{
	static const oid o_soft[] = { VM_MIB, 1, 1, 1 }, o_ver[] = { VM_MIB, 1, 1, 2 },
	    o_oid[] = { VM_MIB, 1, 1, 3 }, o_up[] = { VM_MIB, 1, 1, 4 }, o_num[] = { VM_MIB, 1, 2 },
	    o_last[] = { VM_MIB, 1, 3 }, o_per[] = { VM_MIB, 1, 9, 0 }, o_bulk[] = { VM_MIB, 1, 10, 0 };
	int rc = 0;

	rc |= register_scalar("vmHvSoftware", S_HVSOFT, o_soft, OID_LENGTH(o_soft));
	rc |= register_scalar("vmHvVersion", S_HVVER, o_ver, OID_LENGTH(o_ver));
	rc |= register_scalar("vmHvObjectID", S_HVOID, o_oid, OID_LENGTH(o_oid));
	rc |= register_scalar("vmHvUpTime", S_HVUP, o_up, OID_LENGTH(o_up));
	rc |= register_scalar("vmNumber", S_NUMBER, o_num, OID_LENGTH(o_num));
	rc |= register_scalar("vmTableLastChange", S_LASTCHANGE, o_last, OID_LENGTH(o_last));
	/* Writable, and as the RFC asks, forgotten at restart. */
	rc |= netsnmp_register_long_instance("vmPerVMNotificationsEnabled", o_per, OID_LENGTH(o_per),
	    &sa.per_vm_enabled, NULL) == MIB_REGISTERED_OK ? 0 : -1;
	rc |= netsnmp_register_long_instance("vmBulkNotificationsEnabled", o_bulk, OID_LENGTH(o_bulk),
	    &sa.bulk_enabled, NULL) == MIB_REGISTERED_OK ? 0 : -1;
	rc |= vm_tables_register(&sa.snap);
	return rc;
}

/*
 * Run until *stop is set: connect to the master at o->socket (retrying every o->ping seconds
 * while it is away), serve VM-MIB, and poll the guests every o->poll seconds.
 */
int
subagent_run(const struct subagent_opts *o, volatile sig_atomic_t *stop, struct hpvm_err *e)
{
	memset(&sa, 0, sizeof(sa));
	sa.per_vm_enabled = sa.bulk_enabled = 1;
	sa.baseline = 1;
	sa.timeout_ms = o->timeout_ms;
	snmp_enable_stderrlog();
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 1);
	netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, o->socket);
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_NO_CONNECTION_WARNINGS, 1);
	/* No snmp.conf, no persistent state files, no MIB text: the subagent needs none of them. */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_set_mib_directory("");
	setenv("MIBS", "", 1);
	if (init_agent(APP_NAME) != 0)
		return hpvm_fail(e, EIO, "Unable to start the SNMP agent library.");
	/* After init_agent(), which sets its own 15-second default. */
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL, o->ping);
	if (register_all() != 0) {
		snmp_shutdown(APP_NAME);
		return hpvm_fail(e, EIO, "Unable to register VM-MIB's objects.");
	}
	snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START, on_session, NULL);
	snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_STOP, on_session, NULL);
	register_sysORTable(vm_mib_oid, OID_LENGTH(vm_mib_oid), "VM-MIB (RFC 7666): hpvm guests");
	init_snmp(APP_NAME);
	/* A baseline first: what was already so when we started is no change. */
	poll_guests(0, NULL);
	snmp_alarm_register((unsigned int)o->poll, SA_REPEAT, poll_guests, NULL);
	snmp_log(LOG_INFO, APP_NAME ": serving VM-MIB for %zu guests through %s\n", sa.snap.nvm, o->socket);
	while (!*stop)
		agent_check_and_process(1);
	snmp_log(LOG_INFO, APP_NAME ": shutting down\n");
	snmp_shutdown(APP_NAME);
	vm_snapshot_free(&sa.snap);
	free(sa.known);
	sa.known = NULL;
	return 0;
}
