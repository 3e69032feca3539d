/* cmdutil.h: what every command's main() shares: the usage exit and the confirmation rule. */
#ifndef HPVM_CMDUTIL_H
#define HPVM_CMDUTIL_H

struct hpvm_err;

void	cmd_usage(const char *, int) __attribute__((noreturn));
int	cmd_confirm(int, struct hpvm_err *, const char *, ...) __attribute__((format(printf, 3, 4)));

#endif
