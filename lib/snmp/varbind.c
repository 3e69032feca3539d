/* varbind.c: an answer's value into a request's varbind, one helper per ASN.1 type the VM-MIB uses. */
#include "snmp/varbind.h"

void
varbind_int(netsnmp_request_info *r, long v)
{
	snmp_set_var_typed_value(r->requestvb, ASN_INTEGER, &v, sizeof(v));
}

void
varbind_str(netsnmp_request_info *r, const void *p, size_t n)
{
	snmp_set_var_typed_value(r->requestvb, ASN_OCTET_STR, p, n);
}

void
varbind_ticks(netsnmp_request_info *r, uint32_t cs)
{
	u_long v = cs;

	snmp_set_var_typed_value(r->requestvb, ASN_TIMETICKS, &v, sizeof(v));
}

/* Counter64 travels as two 32-bit halves. */
void
varbind_c64(netsnmp_request_info *r, uint64_t v)
{
	struct counter64 c = { .high = (u_long)(v >> 32), .low = (u_long)(v & 0xffffffffUL) };

	snmp_set_var_typed_value(r->requestvb, ASN_COUNTER64, &c, sizeof(c));
}
