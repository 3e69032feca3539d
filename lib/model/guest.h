/* guest.h: a guest's configuration as the commands see it, and the rules its sizes follow. */
#ifndef HPVM_GUEST_H
#define HPVM_GUEST_H

#include <stddef.h>

#include "base/name.h"
#include "base/uuid.h"
#include "model/device.h"

#define ACL_MAX			64
#define BOOT_ARGS_MAX		1023
#define GUEST_MEMORY_GRANULE_MB	64	/* HP allocates guest memory in 64 MB pieces */
#define GUEST_ENTITLEMENT_MIN	5	/* percent of one CPU */
#define GUEST_CLUSTER_MAX	63	/* a cluster package name (Serviceguard allows 39) */

enum ostype	{ OS_UNKNOWN, OS_HPUX, OS_LINUX, OS_WINDOWS };
enum ent_unit	{ ENT_PERCENT, ENT_MHZ };
enum acl_level	{ ACL_OPER, ACL_ADMIN };
enum device_kind { DEVICES_STORAGE, DEVICES_NICS };

struct acl {
	char		name[ACL_NAME_MAX + 1];
	enum acl_level	level;
};

struct guest {
	char		name[GUEST_NAME_MAX + 1];
	char		uuid[UUID_STR_LEN + 1];
	int		vmnum;
	char		label[GUEST_LABEL_MAX + 1];
	enum ostype	os;
	int		vcpus;
	enum ent_unit	ent_unit;
	int		ent_min, ent_max;
	int		memory_mb;
	int		reserved_mb;			/* -R: the host sets it aside (preallocated) */
	int		start_auto;
	int		runnable, modifiable, visible, registered;
	int		uefi;				/* firmware: 0 SeaBIOS, 1 OVMF */
	char		boot_kernel[LOCATION_MAX + 1];	/* direct kernel boot, for appliances */
	char		boot_initrd[LOCATION_MAX + 1];
	char		boot_args[BOOT_ARGS_MAX + 1];
	char		cluster[GUEST_CLUSTER_MAX + 1];	/* owning cluster package; "" if none */
	struct acl	users[ACL_MAX], groups[ACL_MAX];
	int		nusers, ngroups;
	struct device	*devs;
	size_t		ndevs, capdevs;
};

struct os_limits {
	const char	*name;			/* as hpvmstatus prints it */
	int		 max_vcpus;
	int		 default_mb, min_mb, max_mb;
};

const struct os_limits	*guest_os_limits(enum ostype os);
int			 guest_os_parse(const char *s, enum ostype *os);
int			 guest_cycles_percent(int cycles, int host_mhz);

void	guest_init(struct guest *g);
void	guest_free(struct guest *g);
int	guest_copy(struct guest *dst, const struct guest *src);
int	guest_device_add(struct guest *g, const struct device *d);
void	guest_device_remove(struct guest *g, size_t i);
size_t	guest_count_devices(const struct guest *g, enum device_kind kind);

int	guest_acl_set(struct acl *list, int *n, const char *name, enum acl_level level);
int	guest_acl_remove(struct acl *list, int *n, const char *name);
int	guest_acl_level(const struct guest *g, const char *user, const char *const *groups,
	    int ngroups, enum acl_level *level);

#endif
