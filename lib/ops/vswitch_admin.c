/* vswitch_admin.c: hpvmnet's changes as transactions under the global lock: create, delete, boot, halt, VLANs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/conf.h"
#include "base/hpvm_err.h"
#include "base/monlog.h"
#include "base/lock.h"
#include "base/name.h"
#include "net/netlink.h"
#include "net/vswitch_backend.h"
#include "net/vswitch_view.h"
#include "store/vswitch_config.h"
#include "store/vswitch_users.h"
#include "ops/vswitch_admin.h"

/*
 * "2" and "lan2" mean eth2, as HP's "-n 2" and "-n lan2" meant lan2; a Linux name stays, and
 * so does "lan2" where an interface has that very name.
 */
static void
uplink_name(const char *nic, char *buf, size_t len)
{
	const char *num = strncmp(nic, "lan", 3) == 0 && !netlink_link_exists(nic) ? nic + 3 : nic;

	if (num[0] >= '0' && num[0] <= '9' && strspn(num, "0123456789") == strlen(num))
		snprintf(buf, len, "eth%.12s", num);
	else
		snprintf(buf, len, "%s", nic);
}

static int
uplink_taken(const char *nic, char *owner, size_t len)
{
	char **names;
	size_t n, i;
	int taken = 0;

	if (vswitch_config_names(&names, &n, NULL) == -1)
		return 0;
	for (i = 0; i < n && !taken; i++) {
		struct vswitch vs;
		if (vswitch_config_load(names[i], &vs, NULL) == 0 && strcmp(vs.uplink, nic) == 0) {
			snprintf(owner, len, "%s", vs.name);
			taken = 1;
		}
	}
	vswitch_config_names_free(names, n);
	return taken;
}

int
vswitch_admin_create(const char *name, const char *nic, const char *backend, struct hpvm_err *e)
{
	struct hpvm_conf conf;
	struct vswitch vs;
	char owner[16];
	int lk, rc = -1;

	if (name_check_vswitch(name, e) == -1)
		return -1;
	conf_load(&conf, NULL);
	if (backend == NULL)
		backend = conf_get(&conf, "HPVM_VSWITCH_BACKEND", "bridge");
	if (strcmp(backend, "bridge") != 0 && strcmp(backend, "ovs") != 0)
		return hpvm_fail(e, EINVAL, "Invalid vswitch backend '%s': use bridge or ovs.", backend);
	if ((lk = lock_global(LOCK_EXCL_MODE, e)) == -1)
		return -1;
	vswitch_config_init(&vs, name);
	vs.ovs = strcmp(backend, "ovs") == 0;
	if (nic != NULL && (strlen(nic) > 15 || strpbrk(nic, "/: \t") != NULL || *nic == '\0')) {
		lock_release(lk);
		return hpvm_fail(e, EINVAL, "Invalid network interface '%s'.", nic);
	}
	if (nic != NULL)
		uplink_name(nic, vs.uplink, sizeof(vs.uplink));
	if (vswitch_config_exists(name))
		hpvm_fail(e, EEXIST, "The vswitch '%s' already exists.", name);
	else if (nic != NULL && !netlink_link_exists(vs.uplink))
		hpvm_fail(e, ENODEV, "The network interface %s does not exist.", vs.uplink);
	else if (nic != NULL && uplink_taken(vs.uplink, owner, sizeof(owner)))
		hpvm_fail(e, EBUSY, "The network interface %s is already the uplink of vswitch '%s'.",
		    vs.uplink, owner);
	else {
		vs.number = vswitch_config_next_number();
		rc = vswitch_config_save(&vs, e);
	}
	lock_release(lk);
	return rc;
}

int
vswitch_admin_delete(const char *name, enum vswitch_delete_mode mode, struct hpvm_err *e)
{
	struct vswitch vs;
	char users[512];
	int lk, rc = -1;

	if (strcmp(name, LOCALNET) == 0)
		return hpvm_fail(e, EPERM, "The vswitch localnet always exists.");
	if ((lk = lock_global(LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if (vswitch_config_load(name, &vs, e) == 0) {
		if (vswitch_users_list(name, -1, NULL, users, sizeof(users), e) > 0 && mode != VSWITCH_DELETE_FORCED)
			hpvm_fail(e, EBUSY, "The vswitch '%s' is used by guests: %s; use -F to delete it "
			    "anyway.", name, users);
		else if (vswitch_backend_halt(&vs, e) == 0)
			rc = vswitch_config_remove(name, e);
	}
	lock_release(lk);
	return rc;
}

/* Boot, halt or reset; the chosen state is kept for the next host start. */
int
vswitch_admin_set_state(const char *name, enum vswitch_state_change how, struct hpvm_err *e)
{
	struct vswitch vs;
	int lk, rc = -1;

	if ((lk = lock_global(LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if (vswitch_config_load(name, &vs, e) == 0) {
		rc = 0;
		if (how != VSWITCH_BOOT)
			rc = vswitch_backend_halt(&vs, e);
		if (rc == 0 && how != VSWITCH_HALT)
			rc = vswitch_backend_boot(&vs, e);
		vs.boot = how != VSWITCH_HALT;
		if (rc == 0 && (strcmp(name, LOCALNET) != 0 || vswitch_config_exists(name)))
			rc = vswitch_config_save(&vs, e);
		if (rc == 0)
			monlog_write("vswitch %s %s", name, how == VSWITCH_BOOT ? "booted" :
			    how == VSWITCH_HALT ? "halted" : "reset");
		else
			monlog_write("vswitch %s: %s failed: %s", name, how == VSWITCH_BOOT ? "boot" :
			    how == VSWITCH_HALT ? "halt" : "reset", e != NULL ? hpvm_err_first(e) : "?");
	}
	lock_release(lk);
	return rc;
}

/* "portid:N:vlanid:V" or "portid:N:vlanid:none". */
int
vswitch_admin_vlan(const char *name, const char *spec, struct hpvm_err *e)
{
	struct vswitch vs;
	unsigned int port, vlan = 0;
	char tail[8] = "", rest[8] = "";
	int lk, rc = -1, none;

	none = sscanf(spec, "portid:%u:vlanid:%4[a-z]%1s", &port, tail, rest) == 2 &&
	    strcmp(tail, "none") == 0;
	if (!none && (sscanf(spec, "portid:%u:vlanid:%u%1s", &port, &vlan, rest) != 2 || vlan > 4094))
		return hpvm_fail(e, EINVAL, "Invalid '%s': use portid:N:vlanid:V with V 0-4094, or "
		    "portid:N:vlanid:none.", spec);
	if (port >= VSWITCH_PORTS)
		return hpvm_fail(e, EINVAL, "Invalid port %u: ports are 0-%d.", port, VSWITCH_PORTS - 1);
	if ((lk = lock_global(LOCK_EXCL_MODE, e)) == -1)
		return -1;
	if (vswitch_config_load(name, &vs, e) == 0 &&
	    vswitch_backend_set_vlan(&vs, (int)port, none ? VLAN_NONE : (int)vlan, e) == 0)
		rc = vswitch_config_save(&vs, e);
	lock_release(lk);
	return rc;
}

/* Host start: every vswitch that was booted comes up again, before guests start. */
int
vswitch_admin_boot_all(struct hpvm_err *e)
{
	char **names;
	size_t n, i;
	int rc = 0;

	if (vswitch_config_names(&names, &n, e) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		struct vswitch vs;
		struct hpvm_err ve = { 0 };
		if (vswitch_config_load(names[i], &vs, &ve) == -1 || !vs.boot)
			continue;
		if (vswitch_backend_boot(&vs, &ve) == -1) {
			rc = hpvm_fail(e, EIO, "vswitch %s: %s", names[i], hpvm_err_first(&ve));
			monlog_write("vswitch %s: boot failed: %s", names[i], hpvm_err_first(&ve));
		} else
			monlog_write("vswitch %s booted (host start)", names[i]);
	}
	vswitch_config_names_free(names, n);
	return rc;
}

/* -z: the port counters start again from zero (the baselines the listing subtracts). */
int
vswitch_admin_counters_clear(const char *name, struct hpvm_err *e)
{
	struct vswitch vs;
	int lk, rc;

	if ((lk = lock_global(LOCK_SHARED_MODE, e)) == -1)
		return -1;
	rc = vswitch_config_load(name, &vs, e) == 0 ? vswitch_view_counters_clear(&vs, e) : -1;
	lock_release(lk);
	return rc;
}
