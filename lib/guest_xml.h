/* guest_xml.h: a guest configuration to and from its XML form. */
#ifndef HPVM_GUEST_XML_H
#define HPVM_GUEST_XML_H

#include <stddef.h>
#include <libxml/tree.h>

struct guest;
struct hpvm_err;

xmlNodePtr	guest_xml_node(const struct guest *);
int		guest_xml_format(const struct guest *, char **, size_t *, struct hpvm_err *);
int		guest_xml_parse(const char *, size_t, const char *, struct guest *,
		    struct hpvm_err *);
int		xml_doc_dump(xmlDocPtr, char **, size_t *, struct hpvm_err *);

#endif
