/* vm_tables.h: VM-MIB's five tables (RFC 7666) served from one snapshot by net-snmp handlers of our own. */
#ifndef HPVM_VM_TABLES_H
#define HPVM_VM_TABLES_H

#include <stddef.h>
#include <stdint.h>

struct vm_snapshot;

/* vmObjects.N of each table. */
enum vm_table { T_VM = 4, T_CPU = 5, T_AFFINITY = 6, T_STORAGE = 7, T_NETWORK = 8 };

int	vm_tables_register(const struct vm_snapshot *snap);
size_t	vm_tables_uuid_len(const uint8_t *uuid);

#endif
