/* rspec.h: HP resource statements: storage "disk:avio_stor:0,1,0:file:/p", network "network:lan::vswitch:sw". */
#ifndef HPVM_RSPEC_H
#define HPVM_RSPEC_H

#include <stddef.h>
#include <stdint.h>

struct device;
struct hpvm_err;

#define RSPEC_MAX	2048
#define PCI_BUS_MAX	7
#define PCI_DEV_MAX	7
#define PORTID_MAX	511
#define MAC_STR_LEN	17

int	rspec_parse(const char *, struct device *, struct hpvm_err *);
int	rspec_format(const struct device *, char *, size_t);
int	rspec_match(const struct device *, const struct device *);
int	rspec_target_max(int);
int	mac_parse(const char *, uint8_t[6]);
void	mac_format(const uint8_t[6], char *, size_t);

#endif
