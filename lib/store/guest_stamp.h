/* guest_stamp.h: what is recorded of a configuration file to see that it changed, for one guest or for all at once. */
#ifndef HPVM_GUEST_STAMP_H
#define HPVM_GUEST_STAMP_H

#include <stddef.h>

#include "model/guest_index.h"

struct stat;

typedef char guest_stamp[GUEST_INDEX_STAMP_LEN];

void	guest_stamp_format(const struct stat *st, char *buf, size_t len);
void	guest_stamp_slot(int uuids_fd, const char *uuid, const char *slot, char *buf, size_t len);
void	guest_stamp_all(int uuids_fd, const struct guest_index *ix, guest_stamp *out);

#endif
