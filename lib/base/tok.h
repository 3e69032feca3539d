/* tok.h: lines of space-separated tokens: numbers, words, and strings that may hold any byte (the guest index's text). */
#ifndef HPVM_TOK_H
#define HPVM_TOK_H

#include <stddef.h>
#include <stdio.h>

/*
 * A reader over one line. Errors are sticky: once `bad` is set every read returns nothing,
 * so a parser reads all its fields and checks once at the end.
 */
struct tok {
	const char	*p, *end;
	int		 bad;
};

void	tok_init(struct tok *t, const char *p, const char *end);
size_t	tok_word(struct tok *t, const char **w);
int	tok_is(struct tok *t, const char *word);
long	tok_long(struct tok *t, long min, long max);
int	tok_str(struct tok *t, char *buf, size_t len);
char	*tok_str_dup(struct tok *t);
int	tok_done(const struct tok *t);

void	tok_put_str(FILE *f, const char *s);

#endif
