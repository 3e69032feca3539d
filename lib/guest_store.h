/* guest_store.h: guests on disk: uuids/<uuid>/vmm_config.{current,prev,next} and guests/<name> links. */
#ifndef HPVM_GUEST_STORE_H
#define HPVM_GUEST_STORE_H

#include <stddef.h>

struct guest;
struct hpvm_err;

enum config_slot { CONFIG_CURRENT, CONFIG_PREV, CONFIG_NEXT };

struct guest_list {
	char	**names;
	size_t	n;
};

int	guest_store_prepare(struct hpvm_err *);
int	guest_exists(const char *);
int	guest_lookup(const char *, char *, size_t, struct hpvm_err *);
int	guest_load(const char *, struct guest *, struct hpvm_err *);
int	guest_load_uuid(const char *, enum config_slot, struct guest *, struct hpvm_err *);
int	guest_load_slot(const char *, enum config_slot, struct guest *, struct hpvm_err *);
int	guest_has_slot(const char *, enum config_slot);
int	guest_save(const struct guest *, enum config_slot, struct hpvm_err *);
int	guest_store_create(const struct guest *, struct hpvm_err *);
int	guest_store_rename(struct guest *, const char *, struct hpvm_err *);
int	guest_store_remove(const struct guest *, struct hpvm_err *);
int	guest_list(struct guest_list *, int, struct hpvm_err *);
void	guest_list_free(struct guest_list *);
int	uuid_generate_str(char *, size_t);
int	guest_dir(const char *, char *, size_t);

#endif
