/* guest_view.h: a guest as hpvmstatus shows it: its configuration, its live state, pending changes. */
#ifndef HPVM_GUEST_VIEW_H
#define HPVM_GUEST_VIEW_H

#include <stddef.h>

#include "model/guest.h"
#include "model/guest_index.h"
#include "vmm/runtime.h"

struct hpvm_err;

struct guest_view {
	struct guest		g;
	struct runtime_info	rt;
	int			pending;	/* vmm_config.next waits for the next start */
	long			uptime;		/* seconds, while running */
	int			ndisks, nnics;
	int			host_mhz;	/* one host processor, for -E cycles as percent */
};

/* How much of each guest a listing reads: what the summary table shows, or everything. */
enum guest_view_depth { GUEST_VIEW_SUMMARY, GUEST_VIEW_FULL };

/* Every visible guest, by VM number, from the guest index; live state only where a guest runs. */
struct guest_views {
	struct guest_index	  ix;
	char			(*live)[UUID_STR_LEN + 1];
	size_t			  nlive, next;
	int			  host_mhz;	/* read once for the whole listing */
};

int	guest_view_load(const char *name, struct guest_view *v, struct hpvm_err *e);
int	guest_view_open(struct guest_views *vs, struct hpvm_err *e);
int	guest_view_next(struct guest_views *vs, struct guest_view *v, enum guest_view_depth depth);
int	guest_view_at(const struct guest_views *vs, size_t i, struct guest_view *v,
	    enum guest_view_depth depth);
size_t	guest_view_count(const struct guest_views *vs);
void	guest_view_close(struct guest_views *vs);
int	guest_view_load_all(struct guest_view **out, size_t *n, struct hpvm_err *e);
void	guest_view_free(struct guest_view *v, size_t n);

#endif
