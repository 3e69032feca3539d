/* sg_files.h: the text of a guest's cluster package files: configuration, control script, Pacemaker resource. */
#ifndef HPVM_SG_FILES_H
#define HPVM_SG_FILES_H

#include <stdio.h>

struct guest;

/* Where the package's files live and where they find hpvm, as the host will see them. */
struct sg_where {
	const char	*dir;		/* /etc/cluster/NAME */
	const char	*bindir;	/* hpvm's commands */
	const char	*root;		/* HPVM_ROOT, "" for / */
};

void	sg_files_config(FILE *f, const struct guest *g, const struct sg_where *w);
void	sg_files_control(FILE *f, const struct guest *g, const struct sg_where *w);
void	sg_files_cib(FILE *f, const struct guest *g, const struct sg_where *w);

#endif
