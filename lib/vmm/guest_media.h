/*
 * guest_media.h: the vMP's in and ej: a DVD's media changed in the running guest only. The
 * configuration keeps the original resource, which the guest gets again at its next start, as
 * HP's FileDVD does; the media offered are the files in the directory of that resource.
 */
#ifndef HPVM_GUEST_MEDIA_H
#define HPVM_GUEST_MEDIA_H

#include <stddef.h>

#include "base/name.h"

struct device;
struct guest;
struct hpvm_err;

#define GUEST_MEDIA_MAX	256		/* files offered from one directory */

struct guest_media {
	char	 dvd[16];			/* "bus,dev,target" */
	char	 dir[LOCATION_MAX + 1];		/* where its media are */
	char	**names;			/* regular files there, sorted */
	size_t	 n;
};

const struct device	*guest_media_dvd(const struct guest *g, const char *addr, struct hpvm_err *e);
int			 guest_media_list(const struct device *d, struct guest_media *m,
			    struct hpvm_err *e);
void			 guest_media_free(struct guest_media *m);
int			 guest_media_insert(const char *name, const char *addr, const char *choice,
			    char *path, size_t len, struct hpvm_err *e);
int			 guest_media_eject(const char *name, const char *addr, struct hpvm_err *e);

#endif
