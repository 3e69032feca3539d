/* hpvm_err.c: collect warnings and errors, and print them in HP's "prog: ERROR (guest): text" shape. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "base/str.h"

static void
add(struct hpvm_err *e, enum hpvm_sev sev, const char *fmt, va_list ap)
{
	char text[HPVM_MSG_LEN];
	int i;

	if (e == NULL)
		return;
	vsnprintf(text, sizeof(text), fmt, ap);
	/* The validator may meet one problem through two paths; say it once. */
	for (i = 0; i < e->n; i++)
		if (e->msg[i].sev == sev && strcmp(e->msg[i].text, text) == 0)
			return;
	if (e->n == HPVM_ERR_MAX) {
		e->dropped++;
		return;
	}
	e->msg[e->n].sev = sev;
	memcpy(e->msg[e->n].text, text, sizeof(text));
	e->n++;
}

int
hpvm_fail(struct hpvm_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(e, HPVM_ERROR, fmt, ap);
	va_end(ap);
	if (e != NULL)
		e->code = code ? code : EINVAL;
	return -1;
}

void
hpvm_warn(struct hpvm_err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(e, HPVM_WARNING, fmt, ap);
	va_end(ap);
}

int
hpvm_nerrors(const struct hpvm_err *e)
{
	int i, n = 0;

	for (i = 0; i < e->n; i++)
		if (e->msg[i].sev == HPVM_ERROR)
			n++;
	return n;
}

void
hpvm_err_clear(struct hpvm_err *e)
{
	if (e == NULL)
		return;
	e->code = 0;
	e->n = 0;
	e->dropped = 0;
}

/* Print every message; warnings first so the error that stopped us is last. Returns 1 if any error. */
int
hpvm_report(const char *prog, const char *guest, const struct hpvm_err *e)
{
	char who[256], text[HPVM_MSG_LEN * 4];
	int i, pass;

	/* Names and messages carry user text: no byte of it may drive the terminal. */
	str_escape(who, sizeof(who), (guest != NULL && *guest != '\0') ? guest : "host");
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < e->n; i++) {
			enum hpvm_sev want = pass == 0 ? HPVM_WARNING : HPVM_ERROR;
			if (e->msg[i].sev != want)
				continue;
			str_escape(text, sizeof(text), e->msg[i].text);
			fprintf(stderr, "%s: %s (%s): %s\n", prog,
			    want == HPVM_ERROR ? "ERROR" : "WARNING", who, text);
		}
	if (e->dropped)
		fprintf(stderr, "%s: WARNING (%s): %d further messages not shown.\n",
		    prog, who, e->dropped);
	return hpvm_nerrors(e) ? 1 : 0;
}

/* The first error's text, or the first message's, or "": for callers that fold one record into another. */
const char *
hpvm_err_first(const struct hpvm_err *e)
{
	int i;

	for (i = 0; i < e->n; i++)
		if (e->msg[i].sev == HPVM_ERROR)
			return e->msg[i].text;
	return e->n > 0 ? e->msg[0].text : "";
}
