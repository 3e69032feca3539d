/* prompt.c: ask "... [n]: " on stderr and read the answer from stdin; only 'y' or 'yes' agrees. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/prompt.h"

int
prompt_is_terminal(void)
{
	return isatty(STDIN_FILENO);
}

int
prompt_confirm(const char *fmt, ...)
{
	char answer[16];
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " [n]: ");
	fflush(stderr);
	if (fgets(answer, sizeof(answer), stdin) == NULL)
		return 0;
	answer[strcspn(answer, "\n")] = '\0';
	return strcasecmp(answer, "y") == 0 || strcasecmp(answer, "yes") == 0;
}
