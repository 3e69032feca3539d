/* rspec.h: HP resource statements: storage "disk:avio_stor:0,1,0:file:/p", network "network:lan::vswitch:sw". */
#ifndef HPVM_RSPEC_H
#define HPVM_RSPEC_H

#include <stddef.h>

struct device;
struct hpvm_err;

#define RSPEC_MAX	2048

int	rspec_parse(const char *text, struct device *d, struct hpvm_err *e);
int	rspec_format(const struct device *d, char *buf, size_t len);
int	rspec_match(const struct device *pattern, const struct device *d);
int	rspec_target_max(int adapter);

#endif
