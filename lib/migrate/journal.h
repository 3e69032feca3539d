/* journal.h: what a migration session has changed on the target, so that anything unfinished is undone. */
#ifndef HPVM_JOURNAL_H
#define HPVM_JOURNAL_H

#include <sys/types.h>

struct hpvm_err;

enum journal_kind { JOURNAL_FILE, JOURNAL_GUEST, JOURNAL_REPLACED };

int	journal_begin(pid_t session, struct hpvm_err *e);
int	journal_add(pid_t session, enum journal_kind kind, const char *what, struct hpvm_err *e);
void	journal_end(pid_t session);
void	journal_undo(pid_t session);
void	journal_undo_stale(void);

#endif
