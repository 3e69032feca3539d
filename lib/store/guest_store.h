/* guest_store.h: guests on disk: uuids/<uuid>/vmm_config.{current,prev,next} and guests/<name> links. */
#ifndef HPVM_GUEST_STORE_H
#define HPVM_GUEST_STORE_H

#include <stddef.h>

#include "base/uuid.h"

struct guest;
struct hpvm_err;

/* Configurations name host devices: root and the hpvm group read them, nobody else. */
#define GUEST_STORE_DIR_MODE	0750
#define GUEST_STORE_FILE_MODE	0640

enum config_slot { CONFIG_CURRENT, CONFIG_PREV, CONFIG_NEXT };

/* A listing only reads; with the exclusive global lock held it may also remove links a crash left. */
enum guest_list_mode { GUEST_LIST_READ, GUEST_LIST_REPAIR };

/* Called with each readable guest; -1 stops the walk. */
typedef int (*guest_visitor)(const struct guest *g, void *arg);

struct guest_store_list {
	char	**names;
	char	(*uuids)[UUID_STR_LEN + 1];	/* the UUID each name links to */
	size_t	n;
};

int	guest_store_prepare(struct hpvm_err *e);
int	guest_store_exists(const char *name);
int	guest_store_lookup(const char *name, char *uuid, size_t len, struct hpvm_err *e);
int	guest_store_load(const char *name, struct guest *g, struct hpvm_err *e);
int	guest_store_load_uuid(const char *uuid, enum config_slot s, struct guest *g,
	    struct hpvm_err *e);
int	guest_store_load_slot(const char *name, enum config_slot s, struct guest *g,
	    struct hpvm_err *e);
int	guest_store_has_slot(const char *uuid, enum config_slot s);
int	guest_store_slot_path(const char *uuid, enum config_slot s, char *buf, size_t len,
	    struct hpvm_err *e);
int	guest_store_drop_slot(const char *uuid, enum config_slot s);
int	guest_store_save(const struct guest *g, enum config_slot s, struct hpvm_err *e);
int	guest_store_create(const struct guest *g, struct hpvm_err *e);
int	guest_store_rename(struct guest *g, const char *newname, struct hpvm_err *e);
int	guest_store_remove(const struct guest *g, struct hpvm_err *e);
int	guest_store_list(struct guest_store_list *l, enum guest_list_mode mode, struct hpvm_err *e);
void	guest_store_list_free(struct guest_store_list *l);
int	guest_store_dir(const char *uuid, char *buf, size_t len, struct hpvm_err *e);

#endif
