/* probe_host.h: the real host behind the model's probe: stat(2), access(2), vswitch configurations, NICs. */
#ifndef HPVM_PROBE_HOST_H
#define HPVM_PROBE_HOST_H

#include "model/probe.h"

extern const struct probe probe_host;

#endif
