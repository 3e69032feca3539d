/* schema.c: compile the embedded RELAX NG schema once and report the first violation of a document. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "base/hpvm_err.h"
#include "store/schema.h"
#include "store/xml.h"

extern const char hpvm_schema_rng[];

static xmlRelaxNGPtr	schema;

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
	xml_error_reset();
	xmlRelaxNGSetValidStructuredErrors(vc, xml_error_collect, NULL);
	rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	if (rc != 0)
		return hpvm_fail(e, EINVAL, "%s does not match the configuration schema (%s).",
		    what, xml_error_first()[0] ? xml_error_first() : "invalid document");
	return 0;
}
