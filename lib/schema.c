/* schema.c: compile the embedded RELAX NG schema once and report the first violation of a document. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "err.h"
#include "schema.h"

extern const char hpvm_schema_rng[];

static xmlRelaxNGPtr	schema;
static char		first_error[256];

static void
silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
collect(void *ctx, xmlErrorPtr err)
{
	size_t n;

	(void)ctx;
	if (first_error[0] != '\0' || err == NULL || err->message == NULL)
		return;
	snprintf(first_error, sizeof(first_error), "line %d: %s", err->line, err->message);
	n = strlen(first_error);
	if (n > 0 && first_error[n - 1] == '\n')
		first_error[n - 1] = '\0';
}

/* libxml2 prints to stderr by default; the library reports through hpvm_err instead. */
void
xml_quiet(void)
{
	xmlSetGenericErrorFunc(NULL, silent);
	xmlSetStructuredErrorFunc(NULL, collect);
}

static int
schema_compile(struct hpvm_err *e)
{
	xmlRelaxNGParserCtxtPtr pc;

	if (schema != NULL)
		return 0;
	xml_quiet();
	pc = xmlRelaxNGNewMemParserCtxt(hpvm_schema_rng, (int)strlen(hpvm_schema_rng));
	if (pc == NULL)
		return hpvm_fail(e, ENOMEM, "Unable to load the configuration schema.");
	schema = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	if (schema == NULL)
		return hpvm_fail(e, EINVAL, "The built-in configuration schema does not compile.");
	return 0;
}

/* `what` names the document in the message (a file path, usually). */
int
schema_validate(xmlDocPtr doc, const char *what, struct hpvm_err *e)
{
	xmlRelaxNGValidCtxtPtr vc;
	int rc;

	if (schema_compile(e) == -1)
		return -1;
	if ((vc = xmlRelaxNGNewValidCtxt(schema)) == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory validating %s.", what);
	first_error[0] = '\0';
	xmlRelaxNGSetValidStructuredErrors(vc, collect, NULL);
	rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	if (rc != 0)
		return hpvm_fail(e, EINVAL, "%s does not match the configuration schema (%s).",
		    what, first_error[0] ? first_error : "invalid document");
	return 0;
}
