/* xml.c: libxml2 reports through hpvm_err, never to stderr; untrusted text is parsed without the network. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "base/hpvm_err.h"
#include "store/xml.h"

#define XML_MAX_DOC	(1 << 24)

static char	first_error[256];

static void
silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Keep the first message libxml2 gives, one line, for the error record. */
void
xml_error_collect(void *ctx, xmlErrorPtr err)
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

void
xml_error_reset(void)
{
	first_error[0] = '\0';
}

const char *
xml_error_first(void)
{
	return first_error;
}

/* libxml2 prints to stderr by default; the library reports through hpvm_err instead. */
void
xml_quiet(void)
{
	xmlSetGenericErrorFunc(NULL, silent);
	xmlSetStructuredErrorFunc(NULL, xml_error_collect);
}

/* A document from text that may be hostile: bounded, no network, no entities from outside. */
xmlDocPtr
xml_read(const char *buf, size_t len, const char *what, struct hpvm_err *e)
{
	xmlDocPtr doc;

	xml_quiet();
	if (len > XML_MAX_DOC) {
		hpvm_fail(e, EFBIG, "%s is too large.", what);
		return NULL;
	}
	xml_error_reset();
	doc = xmlReadMemory(buf, (int)len, what, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
		if (doc != NULL)
			xmlFreeDoc(doc);
		hpvm_fail(e, EINVAL, "%s is not well-formed XML.", what);
		return NULL;
	}
	return doc;
}

int
xml_doc_dump(xmlDocPtr doc, char **out, size_t *len, struct hpvm_err *e)
{
	xmlChar *mem = NULL;
	int n = 0;

	xmlDocDumpFormatMemoryEnc(doc, &mem, &n, "UTF-8", 1);
	if (mem == NULL)
		return hpvm_fail(e, ENOMEM, "Unable to format XML.");
	*out = malloc((size_t)n + 1);
	if (*out == NULL) {
		xmlFree(mem);
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	memcpy(*out, mem, (size_t)n);
	(*out)[n] = '\0';
	*len = (size_t)n;
	xmlFree(mem);
	return 0;
}
