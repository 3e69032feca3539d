/* guest_xml.h: a guest configuration to and from its XML form. */
#ifndef HPVM_GUEST_XML_H
#define HPVM_GUEST_XML_H

#include <stddef.h>
#include <libxml/tree.h>

struct guest;
struct hpvm_err;

xmlNodePtr	guest_xml_node(const struct guest *g, xmlDocPtr doc);
int		guest_xml_format(const struct guest *g, char **out, size_t *len, struct hpvm_err *e);
int		guest_xml_parse(const char *buf, size_t len, const char *what, struct guest *g,
		    struct hpvm_err *e);

#endif
