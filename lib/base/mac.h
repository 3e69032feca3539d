/* mac.h: Ethernet addresses: parse HP's and Linux's spellings, print HP's and QEMU's. */
#ifndef HPVM_MAC_H
#define HPVM_MAC_H

#include <stddef.h>
#include <stdint.h>

#define MAC_STR_LEN	17

int	mac_parse(const char *s, uint8_t mac[6]);
void	mac_format(const uint8_t mac[6], char *buf, size_t len);
void	mac_format_colons(const uint8_t mac[6], char *buf, size_t len);

#endif
