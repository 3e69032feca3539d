/* guest_scan.c: read every configuration (current and pending) into a guest index. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "model/guest.h"
#include "model/guest_index.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"

/* Every guest but `skip` (may be NULL). Unreadable guests are reported as warnings and left out. */
int
guest_scan(struct guest_index *ix, const char *skip, enum guest_list_mode mode,
    struct hpvm_err *e)
{
	struct guest_store_list l;
	struct guest g;
	char uuid[UUID_STR_LEN + 1];
	size_t i;

	memset(ix, 0, sizeof(*ix));
	if (guest_store_list(&l, mode, e) == -1)
		return -1;
	ix->names = l.names;
	if ((ix->vmnums = calloc(l.n + 1, sizeof(int))) == NULL) {
		guest_store_list_free(&l);
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	ix->n = l.n;
	for (i = 0; i < l.n; i++) {
		struct hpvm_err le = {0};
		if (skip != NULL && strcmp(l.names[i], skip) == 0)
			continue;
		if (guest_store_load(l.names[i], &g, &le) == -1) {
			hpvm_warn(e, "Guest '%s' cannot be read: %s", l.names[i], hpvm_err_first(&le));
			continue;
		}
		ix->vmnums[i] = g.vmnum;
		int rc = guest_index_add_macs(ix, &g, i);
		guest_free(&g);
		/* Changes waiting for the next start hold their MACs too. */
		if (rc == 0 && guest_store_lookup(l.names[i], uuid, sizeof(uuid), NULL) == 0 &&
		    guest_store_has_slot(uuid, CONFIG_NEXT)) {
			struct hpvm_err ne = {0};
			if (guest_store_load_slot(l.names[i], CONFIG_NEXT, &g, &ne) == -1)
				hpvm_warn(e, "Guest '%s' cannot be read: %s", l.names[i],
				    hpvm_err_first(&ne));
			else {
				rc = guest_index_add_macs(ix, &g, i);
				guest_free(&g);
			}
		}
		if (rc == -1) {
			guest_index_free(ix);
			return hpvm_fail(e, ENOMEM, "Out of memory.");
		}
	}
	return 0;
}
