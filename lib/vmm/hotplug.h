/* hotplug.h: apply a configuration change to a running guest through QEMU's monitor, where hardware allows. */
#ifndef HPVM_HOTPLUG_H
#define HPVM_HOTPLUG_H

struct device;
struct guest;
struct hpvm_err;
struct qmp;

enum live_result { LIVE_APPLIED, LIVE_NEEDS_RESTART, LIVE_FAILED };

enum live_result	hotplug_apply(const struct guest *old, const struct guest *g, struct hpvm_err *e);
int			hotplug_media_insert(struct qmp *q, const struct device *d, int fd,
			    struct hpvm_err *e);
int			hotplug_media_eject(struct qmp *q, const struct device *d, struct hpvm_err *e);

#endif
