/* vm_snapshot.h: VM-MIB's rows (RFC 7666) for every guest at one moment, from the same samples hpvmsar shows; no net-snmp here. */
#ifndef HPVM_VM_SNAPSHOT_H
#define HPVM_VM_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

struct hpvm_err;

/* VirtualMachineAdminState and VirtualMachineOperState (RFC 7666). */
enum vm_admin { VM_ADMIN_RUNNING = 1, VM_ADMIN_SUSPENDED, VM_ADMIN_PAUSED, VM_ADMIN_SHUTDOWN };
enum vm_oper {
	VM_OPER_UNKNOWN = 1, VM_OPER_OTHER, VM_OPER_PREPARING, VM_OPER_RUNNING, VM_OPER_SUSPENDING,
	VM_OPER_SUSPENDED, VM_OPER_RESUMING, VM_OPER_PAUSED, VM_OPER_MIGRATING, VM_OPER_SHUTTINGDOWN,
	VM_OPER_SHUTDOWN, VM_OPER_CRASHED
};

/* vmCpuAffinityTable's physical CPU index: hrDeviceIndex of a processor as net-snmp numbers them. */
#define VM_CPU_PHYS_BASE	768

struct vm_row {				/* vmTable */
	long		index;			/* vmIndex: the guest's VM number */
	char		name[65];
	uint8_t		uuid[16];
	char		os[16];
	int		admin, oper, autostart, ncpu, maxcpu;
	long		curmem_mb, maxmem_mb;
	uint32_t	uptime_cs;		/* TimeTicks */
	uint64_t	cputime_us;
	char		uuid_text[37];
};

struct vm_cpu_row {			/* vmCpuTable */
	long		vm, index;
	uint64_t	coretime_us;
};

struct vm_affinity_row {		/* vmCpuAffinityTable */
	long		vm, cpu, phys;
	int		affinity;		/* enable(1), disable(2) */
};

struct vm_storage_row {			/* vmStorageTable */
	long		vm, index;
	int		source_type, access, media_type;
	char		source_text[16], media_text[16];
	char		resource[256];
	long		defined_mb, allocated_mb;	/* -1 unknown */
	uint64_t	rd_ios, wr_ios, rd_octets, wr_octets, rd_latency_us, wr_latency_us;
};

struct vm_network_row {			/* vmNetworkTable */
	long		vm, index;
	long		ifindex, parent;
	char		model[32];
	uint8_t		mac[6];
};

/* Every table sorted by its indexes, as SNMP walks them. */
struct vm_snapshot {
	struct vm_row		*vm;
	struct vm_cpu_row	*cpu;
	struct vm_affinity_row	*aff;
	struct vm_storage_row	*disk;
	struct vm_network_row	*nic;
	size_t			 nvm, ncpu, naff, ndisk, nnic;
	uint32_t		 hv_uptime_cs;
};

int		 vm_snapshot_take(struct vm_snapshot *s, int timeout_ms, struct hpvm_err *e);
void		 vm_snapshot_free(struct vm_snapshot *s);
enum vm_admin	 vm_snapshot_admin_state(int running, const char *state);
enum vm_oper	 vm_snapshot_oper_state(int running, const char *state, int last_event);
int		 vm_snapshot_uuid_bytes(const char *text, uint8_t out[16]);
const struct vm_row *vm_snapshot_find(const struct vm_snapshot *s, long index);

#endif
