/* varbind.h: an answer's value into a request's varbind, one helper per ASN.1 type the VM-MIB uses. */
#ifndef HPVM_VARBIND_H
#define HPVM_VARBIND_H

#include <stddef.h>
#include <stdint.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

void	varbind_int(netsnmp_request_info *r, long v);
void	varbind_str(netsnmp_request_info *r, const void *p, size_t n);
void	varbind_ticks(netsnmp_request_info *r, uint32_t cs);
void	varbind_c64(netsnmp_request_info *r, uint64_t v);

#endif
