/* cmdlog.h: one line per command in /var/opt/hpvm/common/command.log. */
#ifndef HPVM_CMDLOG_H
#define HPVM_CMDLOG_H

void	cmdlog_begin(int argc, char **argv);
int	cmdlog_end(int status);
void	cmdlog_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	cmdlog_record(const char *user, const char *what, int status);

#endif
