/* cmd.h: what every command's main() shares: the usage exit and the confirmation rule. */
#ifndef HPVM_CMD_H
#define HPVM_CMD_H

struct hpvm_err;

enum cmd_usage_kind { CMD_USAGE_ERROR, CMD_HELP };

void	cmd_usage(const char *synopsis, enum cmd_usage_kind kind) __attribute__((noreturn));
void	cmd_require_root(int argc, char *argv[]);
int	cmd_confirm(int force, struct hpvm_err *e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
