/* guest.h: a guest's configuration as the commands see it. */
#ifndef HPVM_GUEST_H
#define HPVM_GUEST_H

#include <stddef.h>
#include <stdint.h>

#define GUEST_NAME_MAX	64
#define GUEST_LABEL_MAX	255
#define ACL_NAME_MAX	32
#define ACL_MAX		64
#define LOCATION_MAX	1023
#define UUID_STR_LEN	36
#define BOOT_ARGS_MAX	1023

enum ostype	{ OS_UNKNOWN, OS_HPUX, OS_LINUX, OS_WINDOWS };
enum devtype	{ DEV_DISK, DEV_DVD, DEV_TAPE, DEV_CHANGER, DEV_BURNER, DEV_NETWORK };
enum adapter	{ AD_SCSI, AD_AVIO_STOR, AD_LAN, AD_AVIO_LAN };
enum backing	{ BK_DISK, BK_LV, BK_FILE, BK_NULL, BK_ATTACH, BK_VSWITCH };

/* One guest device: storage (bus,dev,target) or NIC (bus,dev,mac). -1 means "not chosen yet". */
struct device {
	enum devtype	type;
	enum adapter	adapter;
	int		bus, dev, target;
	enum backing	backing;
	char		location[LOCATION_MAX + 1];	/* host path, or vswitch name */
	uint8_t		mac[6];
	int		has_mac;
	int		portid;
	char		*spec;				/* the statement as the user typed it */
	char		*copy_from;			/* hpvmclone -b: not yet copied from here */
};

struct acl {
	char	name[ACL_NAME_MAX + 1];
	int	admin;					/* 1 admin, 0 oper */
};

struct guest {
	char		name[GUEST_NAME_MAX + 1];
	char		uuid[UUID_STR_LEN + 1];
	int		vmnum;
	char		label[GUEST_LABEL_MAX + 1];
	enum ostype	os;
	int		vcpus;
	int		ent_cycles;			/* 0: percent, 1: MHz */
	int		ent_min, ent_max;
	int		memory_mb;
	int		start_auto;
	int		runnable, modifiable, visible, registered;
	int		uefi;				/* firmware: 0 SeaBIOS, 1 OVMF */
	char		boot_kernel[LOCATION_MAX + 1];	/* direct kernel boot, for appliances */
	char		boot_initrd[LOCATION_MAX + 1];
	char		boot_args[BOOT_ARGS_MAX + 1];
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

const struct os_limits	*os_limits(enum ostype);
int			 os_parse(const char *, enum ostype *);

void	guest_init(struct guest *);
void	guest_free(struct guest *);
int	guest_copy(struct guest *, const struct guest *);
int	guest_device_add(struct guest *, const struct device *);
void	guest_device_remove(struct guest *, size_t);
void	device_free(struct device *);
int	device_set_spec(struct device *, const char *);

const char	*devtype_name(enum devtype);
const char	*adapter_name(enum adapter);
const char	*backing_name(enum backing);
int		 device_is_storage(const struct device *);
int		 adapter_is_avio(enum adapter);

int	guest_acl_set(struct acl *, int *, const char *, int);
int	guest_acl_remove(struct acl *, int *, const char *);

#endif
