/* exec.h: run an external program from an argument vector, never through a shell. */
#ifndef HPVM_EXEC_H
#define HPVM_EXEC_H

struct hpvm_err;

int	exec_argv(const char *const *argv, struct hpvm_err *e);
int	exec_argv_output(const char *const *argv, int out_fd, struct hpvm_err *e);

#endif
