/*
 * vm_tables.c: VM-MIB's tables as plain net-snmp handlers over the snapshot's sorted arrays. A
 * GETNEXT finds its row by binary search: net-snmp's table iterator would build and compare
 * every row's index for every request, which made a plain walk of 100 guests quadratic.
 */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include <stdint.h>
#include <string.h>

#include "snmp/varbind.h"
#include "snmp/vm_snapshot.h"
#include "snmp/vm_tables.h"

#define VM_MIB		1, 3, 6, 1, 2, 1, 236
#define ENTRY_LEN	10		/* vmObjects.T.1: VM_MIB, 1, T, 1 */
#define INDEX_MAX	3

struct table_def {
	enum vm_table	 t;
	const char	*name;
	int		 nindex;
	unsigned int	 mincol, maxcol;	/* the readable columns */
};

static const struct table_def tables[] = {
	{ T_VM, "vmTable", 1, 2, 17 },
	{ T_CPU, "vmCpuTable", 2, 2, 2 },
	/* vmCpuPhysIndex (column 2) is an index; vmCpuAffinity (3) is the only column read. */
	{ T_AFFINITY, "vmCpuAffinityTable", 3, 3, 3 },
	{ T_STORAGE, "vmStorageTable", 2, 3, 18 },
	{ T_NETWORK, "vmNetworkTable", 2, 2, 5 },
};

static const struct vm_snapshot *snap;

/* A row: its indexes, and where its values are. */
struct row_ref {
	oid		 ix[INDEX_MAX];
	const void	*data;
};

size_t
vm_tables_uuid_len(const uint8_t *u)
{
	for (int i = 0; i < 16; i++)
		if (u[i] != 0)
			return 16;
	return 0;		/* UUIDorZero */
}

static size_t
table_rows(enum vm_table t)
{
	switch (t) {
	case T_VM: return snap->nvm;
	case T_CPU: return snap->ncpu;
	case T_AFFINITY: return snap->naff;
	case T_STORAGE: return snap->ndisk;
	case T_NETWORK: return snap->nnic;
	}
	return 0;
}

static struct row_ref
table_row(enum vm_table t, size_t i)
{
	struct row_ref r = { { 0 }, NULL };

	switch (t) {
	case T_VM: r.ix[0] = (oid)snap->vm[i].index; r.data = &snap->vm[i]; break;
	case T_CPU:
		r.ix[0] = (oid)snap->cpu[i].vm;
		r.ix[1] = (oid)snap->cpu[i].index;
		r.data = &snap->cpu[i];
		break;
	case T_AFFINITY:
		r.ix[0] = (oid)snap->aff[i].vm;
		r.ix[1] = (oid)snap->aff[i].cpu;
		r.ix[2] = (oid)snap->aff[i].phys;
		r.data = &snap->aff[i];
		break;
	case T_STORAGE:
		r.ix[0] = (oid)snap->disk[i].vm;
		r.ix[1] = (oid)snap->disk[i].index;
		r.data = &snap->disk[i];
		break;
	case T_NETWORK:
		r.ix[0] = (oid)snap->nic[i].vm;
		r.ix[1] = (oid)snap->nic[i].index;
		r.data = &snap->nic[i];
		break;
	}
	return r;
}

/* How a row's index compares with the OID suffix `sub` of `n` subidentifiers, as OIDs sort. */
static int
index_cmp(const oid *ix, int nindex, const oid *sub, size_t n)
{
	size_t k;

	for (k = 0; k < (size_t)nindex && k < n; k++)
		if (ix[k] != sub[k])
			return ix[k] < sub[k] ? -1 : 1;
	return (size_t)nindex < n ? -1 : (size_t)nindex > n ? 1 : 0;
}

/* The first row at (`after` 0) or after (`after` 1) the index `sub`; the row count if none. */
static size_t
row_search(const struct table_def *d, const oid *sub, size_t n, int after)
{
	size_t lo = 0, hi = table_rows(d->t);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = index_cmp(table_row(d->t, mid).ix, d->nindex, sub, n);
		if (c > 0 || (c == 0 && !after))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void
vm_column(netsnmp_request_info *r, unsigned int col, const struct vm_row *v)
{
	u_long ticks = v->uptime_cs;

	switch (col) {
	case 2: varbind_str(r, v->name, strlen(v->name)); break;
	case 3: varbind_str(r, v->uuid, vm_tables_uuid_len(v->uuid)); break;
	case 4: varbind_str(r, v->os, strlen(v->os)); break;
	case 5: varbind_int(r, v->admin); break;
	case 6: varbind_int(r, v->oper); break;
	case 7: varbind_int(r, v->autostart); break;
	case 8: varbind_int(r, 2); break;			/* vmPersistent: persistent(2) */
	case 9: varbind_int(r, v->ncpu); break;
	case 10: varbind_int(r, -1); break;			/* vmMinCpuNumber: no bound */
	case 11: varbind_int(r, v->maxcpu); break;
	case 12: varbind_int(r, 1048576); break;		/* vmMemUnit: MiB */
	case 13: varbind_int(r, v->curmem_mb); break;
	case 14: varbind_int(r, -1); break;			/* vmMinMem: no bound */
	case 15: varbind_int(r, v->maxmem_mb); break;
	case 16: snmp_set_var_typed_value(r->requestvb, ASN_TIMETICKS, &ticks, sizeof(ticks)); break;
	case 17: varbind_c64(r, v->cputime_us); break;
	}
}

static void
storage_column(netsnmp_request_info *r, unsigned int col, const struct vm_storage_row *d)
{
	switch (col) {
	case 3: varbind_int(r, 0); break;			/* vmStorageParent: no hrStorage entry */
	case 4: varbind_int(r, d->source_type); break;
	case 5: varbind_str(r, d->source_text, strlen(d->source_text)); break;
	case 6: varbind_str(r, d->resource, strlen(d->resource)); break;
	case 7: varbind_int(r, d->access); break;
	case 8: varbind_int(r, d->media_type); break;
	case 9: varbind_str(r, d->media_text, strlen(d->media_text)); break;
	case 10: varbind_int(r, 1048576); break;		/* vmStorageSizeUnit: MiB */
	case 11: varbind_int(r, d->defined_mb); break;
	case 12: varbind_int(r, d->allocated_mb); break;
	case 13: varbind_c64(r, d->rd_ios); break;
	case 14: varbind_c64(r, d->wr_ios); break;
	case 15: varbind_c64(r, d->rd_octets); break;
	case 16: varbind_c64(r, d->wr_octets); break;
	case 17: varbind_c64(r, d->rd_latency_us); break;
	case 18: varbind_c64(r, d->wr_latency_us); break;
	}
}

static void
network_column(netsnmp_request_info *r, unsigned int col, const struct vm_network_row *n)
{
	switch (col) {
	case 2: varbind_int(r, n->ifindex); break;
	case 3: varbind_int(r, n->parent); break;
	case 4: varbind_str(r, n->model, strlen(n->model)); break;
	case 5: varbind_str(r, n->mac, sizeof(n->mac)); break;
	}
}

/* Answer with row `i`'s column `col`: its full OID, then its value (the column is readable). */
static void
answer(netsnmp_request_info *r, const struct table_def *d, unsigned int col, size_t i)
{
	oid o[ENTRY_LEN + 1 + INDEX_MAX] = { VM_MIB, 1, (oid)d->t, 1, col };
	struct row_ref row = table_row(d->t, i);

	memcpy(o + ENTRY_LEN + 1, row.ix, (size_t)d->nindex * sizeof(oid));
	snmp_set_var_objid(r->requestvb, o, ENTRY_LEN + 1 + (size_t)d->nindex);
	switch (d->t) {
	case T_VM: vm_column(r, col, row.data); break;
	case T_CPU: varbind_c64(r, ((const struct vm_cpu_row *)row.data)->coretime_us); break;
	case T_AFFINITY: varbind_int(r, ((const struct vm_affinity_row *)row.data)->affinity); break;
	case T_STORAGE: storage_column(r, col, row.data); break;
	case T_NETWORK: network_column(r, col, row.data); break;
	}
}

/* GET: the exact instance, or why not: no such column (object), no such row (instance). */
static void
get_exact(netsnmp_agent_request_info *ri, netsnmp_request_info *r, const struct table_def *d,
    const oid *name, size_t len)
{
	unsigned int col = len > ENTRY_LEN ? (unsigned int)name[ENTRY_LEN] : 0;
	size_t i, n = table_rows(d->t);

	if (len <= ENTRY_LEN || col < d->mincol || col > d->maxcol) {
		netsnmp_set_request_error(ri, r, SNMP_NOSUCHOBJECT);
		return;
	}
	i = row_search(d, name + ENTRY_LEN + 1, len - ENTRY_LEN - 1, 0);
	if (i == n || index_cmp(table_row(d->t, i).ix, d->nindex, name + ENTRY_LEN + 1,
	    len - ENTRY_LEN - 1) != 0) {
		netsnmp_set_request_error(ri, r, SNMP_NOSUCHINSTANCE);
		return;
	}
	answer(r, d, col, i);
}

/* GETNEXT: the first instance after `name`, column by column; none past the last column. */
static void
get_next(netsnmp_request_info *r, const struct table_def *d, const oid *name, size_t len)
{
	const oid entry[ENTRY_LEN] = { VM_MIB, 1, (oid)d->t, 1 };
	unsigned int col = d->mincol;
	size_t i = 0, n = table_rows(d->t);
	int c = snmp_oid_compare(name, len, entry, ENTRY_LEN);

	if (n == 0)
		return;
	if (c > 0 && netsnmp_oid_is_subtree(entry, ENTRY_LEN, name, len) != 0)
		return;				/* past the table */
	if (c > 0 && len > ENTRY_LEN && name[ENTRY_LEN] >= d->mincol) {
		if (name[ENTRY_LEN] > d->maxcol)
			return;
		col = (unsigned int)name[ENTRY_LEN];
		i = row_search(d, name + ENTRY_LEN + 1, len - ENTRY_LEN - 1, 1);
	}
	if (i == n) {
		if (++col > d->maxcol)
			return;
		i = 0;
	}
	answer(r, d, col, i);
}

static int
table_handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
    netsnmp_agent_request_info *ri, netsnmp_request_info *rq)
{
	const struct table_def *d = &tables[(intptr_t)h->myvoid];

	(void)reg;
	for (; rq != NULL; rq = rq->next) {
		netsnmp_variable_list *vb = rq->requestvb;
		if (rq->processed)
			continue;
		if (ri->mode == MODE_GET)
			get_exact(ri, rq, d, vb->name, vb->name_length);
		else if (ri->mode == MODE_GETNEXT)
			get_next(rq, d, vb->name, vb->name_length);
	}
	return SNMP_ERR_NOERROR;
}

/* Register every table, each served from `s` as it is at the time of each request. */
int
vm_tables_register(const struct vm_snapshot *s)
{
	size_t k;

	snap = s;
	for (k = 0; k < sizeof(tables) / sizeof(tables[0]); k++) {
		const oid o[] = { VM_MIB, 1, (oid)tables[k].t };
		netsnmp_handler_registration *reg = netsnmp_create_handler_registration(tables[k].name,
		    table_handler, o, OID_LENGTH(o), HANDLER_CAN_RONLY);
		if (reg == NULL)
			return -1;
		reg->handler->myvoid = (void *)(intptr_t)k;
		if (netsnmp_register_handler(reg) != MIB_REGISTERED_OK)
			return -1;
	}
	return 0;
}
