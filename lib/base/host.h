/* host.h: facts about the host: identity, NIC addresses, processors; and inside a guest, its host. */
#ifndef HPVM_HOST_H
#define HPVM_HOST_H

#include <stddef.h>
#include <stdint.h>

struct hpvm_err;

int	host_uuid(char *buf, size_t len, struct hpvm_err *e);
int	host_nic_mac_owner(const uint8_t mac[6], char *owner, size_t len);
int	host_ncpus(void);
int	host_cpu_mhz(void);
long	host_meminfo_mb(const char *key);
int	host_guest_smbios(char *version, size_t vlen, char *host, size_t hlen);

#endif
