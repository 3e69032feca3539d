/* prompt.h: HP-style yes/no questions on the controlling terminal. */
#ifndef HPVM_PROMPT_H
#define HPVM_PROMPT_H

int	prompt_is_terminal(void);
int	prompt_confirm(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
