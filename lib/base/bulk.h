/* bulk.h: large arrays that live as long as a command, mapped whole (see bulk.c). */
#ifndef HPVM_BULK_H
#define HPVM_BULK_H

#include <stddef.h>

void	*bulk_alloc(size_t len);
void	*bulk_realloc(void *p, size_t len);
void	 bulk_free(void *p);

#endif
