/* vmp_menu.h: HP's vMP at the terminal: main menu, command menu, virtual machine menu; and one command for -c. */
#ifndef HPVM_VMP_MENU_H
#define HPVM_VMP_MENU_H

#include <stddef.h>

struct hpvm_err;
struct vmp_choice;
struct vmp_client;
struct vmp_term;

int	vmp_menu_run(struct vmp_client *c, struct vmp_term *t, struct hpvm_err *e);
int	vmp_menu_command(struct vmp_client *c, struct vmp_term *t, const char *line,
	    struct hpvm_err *e);
int	vmp_menu_choose(void *term, const struct vmp_choice *list, size_t n);
int	vmp_menu_ask(void *term, int echo, const char *prompt, char *answer, size_t len);
void	vmp_menu_tell(void *term, const char *text);

#endif
