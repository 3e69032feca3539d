/* xml.h: libxml2 as the store uses it: quiet parsing of untrusted text, the first error, documents to text. */
#ifndef HPVM_XML_H
#define HPVM_XML_H

#include <stddef.h>
#include <libxml/tree.h>

struct hpvm_err;

#define X(s)	((const xmlChar *)(s))

xmlDocPtr	 xml_read(const char *buf, size_t len, const char *what, struct hpvm_err *e);
int		 xml_doc_dump(xmlDocPtr doc, char **out, size_t *len, struct hpvm_err *e);
void		 xml_quiet(void);
void		 xml_error_reset(void);
const char	*xml_error_first(void);
void		 xml_error_collect(void *ctx, xmlErrorPtr err);

#endif
