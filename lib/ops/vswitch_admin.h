/* vswitch_admin.h: vswitch transactions for hpvmnet and host start. */
#ifndef HPVM_VSWITCH_ADMIN_H
#define HPVM_VSWITCH_ADMIN_H

struct hpvm_err;

enum vswitch_state_change { VSWITCH_HALT, VSWITCH_BOOT, VSWITCH_RESET };
/* Delete a switch guests' configurations still name (-F)? */
enum vswitch_delete_mode { VSWITCH_DELETE_UNUSED, VSWITCH_DELETE_FORCED };

int	vswitch_admin_create(const char *name, const char *nic, const char *backend,
	    struct hpvm_err *e);
int	vswitch_admin_delete(const char *name, enum vswitch_delete_mode mode, struct hpvm_err *e);
int	vswitch_admin_set_state(const char *name, enum vswitch_state_change how, struct hpvm_err *e);
int	vswitch_admin_vlan(const char *name, const char *spec, struct hpvm_err *e);
int	vswitch_admin_boot_all(struct hpvm_err *e);
int	vswitch_admin_counters_clear(const char *name, struct hpvm_err *e);

#endif
