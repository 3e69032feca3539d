/* cluster_mark.h: guests a cluster package owns, and what hpvm's own commands may do to them. */
#ifndef HPVM_CLUSTER_MARK_H
#define HPVM_CLUSTER_MARK_H

struct guest;
struct hpvm_err;

/* What a command would do to the guest by hand. */
enum cluster_action { CLUSTER_ACT_START, CLUSTER_ACT_STOP, CLUSTER_ACT_MIGRATE };

int	cluster_mark_refuse(const struct guest *g, enum cluster_action act, struct hpvm_err *e);
int	cluster_package_check(const char *name, struct hpvm_err *e);

#endif
