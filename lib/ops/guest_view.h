/* guest_view.h: a guest as hpvmstatus shows it: its configuration, its live state, pending changes. */
#ifndef HPVM_GUEST_VIEW_H
#define HPVM_GUEST_VIEW_H

#include <stddef.h>

#include "model/guest.h"
#include "vmm/runtime.h"

struct hpvm_err;

struct guest_view {
	struct guest		g;
	struct runtime_info	rt;
	int			pending;	/* vmm_config.next waits for the next start */
	long			uptime;		/* seconds, while running */
	int			host_mhz;	/* one host processor, for -E cycles as percent */
};

int	guest_view_load(const char *name, struct guest_view *v, struct hpvm_err *e);
int	guest_view_load_all(struct guest_view **out, size_t *n, struct hpvm_err *e);
void	guest_view_free(struct guest_view *v, size_t n);

#endif
