/* hostinfo.h: facts about the host: identity, NIC addresses, processors. */
#ifndef HPVM_HOSTINFO_H
#define HPVM_HOSTINFO_H

#include <stddef.h>
#include <stdint.h>

int	host_uuid(char *, size_t);
int	host_nic_mac_owner(const uint8_t[6], char *, size_t);
int	host_ncpus(void);
int	hpvm_guest_smbios(char *, size_t, char *, size_t);

#endif
