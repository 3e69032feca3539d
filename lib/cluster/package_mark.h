/* package_mark.h: mark a guest as owned by a cluster package, or free it again, on disk. */
#ifndef HPVM_PACKAGE_MARK_H
#define HPVM_PACKAGE_MARK_H

struct guest;
struct hpvm_err;

int	package_mark_set(const char *name, const char *package, struct guest *out,
	    struct hpvm_err *e);

#endif
