/* cmd.h: what every command's main() shares: the usage exit, the confirmation rule, -P or -p. */
#ifndef HPVM_CMD_H
#define HPVM_CMD_H

#include <stddef.h>

struct hpvm_err;

enum cmd_usage_kind { CMD_USAGE_ERROR, CMD_HELP };

void	cmd_usage(const char *synopsis, enum cmd_usage_kind kind) __attribute__((noreturn));
const char *cmd_guest_name(const char *prog, const char *name, const char *number, char *buf,
	    size_t len);
void	cmd_require_root(int argc, char *argv[]);
int	cmd_confirm(int force, struct hpvm_err *e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
