/* devid.h: one identity for one device, whatever path names it. */
#ifndef HPVM_DEVID_H
#define HPVM_DEVID_H

#include <stddef.h>

#define DEVID_LEN	128

void	devid_identity(const char *path, char *buf, size_t len);
void	devid_parent_identity(const char *path, char *buf, size_t len);
void	devid_canonical(const char *path, char *buf, size_t len);
int	devid_path_within(const char *path, const char *dir);

#endif
