/* sg_package.h: hpvmsg_package: make a guest a cluster package (mark and files), or undo it. */
#ifndef HPVM_SG_PACKAGE_H
#define HPVM_SG_PACKAGE_H

#include <stddef.h>

#include "base/path.h"

struct hpvm_err;

/* May existing package files be replaced (an administrator may have edited them)? */
enum sg_replace { SG_KEEP_EXISTING, SG_REPLACE };

#define SG_FILES	3

/* What was written (or removed), as the host will know the paths. */
struct sg_result {
	char	dir[HPVM_PATH_LEN];
	char	file[SG_FILES][HPVM_PATH_LEN];
};

int	sg_package_create(const char *name, enum sg_replace replace, struct sg_result *r,
	    struct hpvm_err *e);
int	sg_package_delete(const char *name, struct sg_result *r, struct hpvm_err *e);

#endif
