/*
 * vmp_menu.c: the vMP as HP drew it: a main menu (CO, CM, CL, SL, VM, HE, X) with the
 * "[name] vMP>" prompt, a command menu and a virtual machine menu, Ctrl-B back to the main
 * menu from anywhere. Every command is accepted at every prompt; the menus only change the
 * prompt and the help. hpvmconsole -c runs one command the same way.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "console/console_attach.h"
#include "console/vmp_account.h"
#include "console/vmp_client.h"
#include "console/vmp_exec.h"
#include "console/vmp_menu.h"
#include "console/vmp_parse.h"
#include "console/vmp_term.h"

enum menu { MENU_MAIN, MENU_CM, MENU_VM };

static const char main_menu[] =
"\n"
"   vMP MAIN MENU\n"
"\n"
"         CO: Console\n"
"         CM: Command Menu\n"
"         CL: Console Log\n"
"         SL: Show Event Logs\n"
"         VM: Virtual Machine Menu\n"
"         HE: Main Help Menu\n"
"         X: Exit Connection\n"
"\n";

static const char cm_banner[] =
"\n"
"       Enter HE to get a list of available commands\n"
"       (Use Ctrl-B to return to vMP main menu.)\n"
"\n";

static const char vm_menu[] =
"\n"
"   vMP VIRTUAL MACHINE MENU\n"
"\n"
"         ST: Status of the virtual machine\n"
"         MA: Return to vMP main menu\n"
"\n"
"       (Use Ctrl-B to return to vMP main menu.)\n"
"\n";

static const char main_help[] =
"\n"
"   vMP MAIN HELP MENU\n"
"\n"
"   CO  Console: the guest's serial console. Ctrl-B returns to this menu; a person\n"
"       watching read-only takes the keyboard with Ctrl-E c f (or hpvmconsole -f).\n"
"   CM  Command Menu: power (pc -on, pc -off, pc -cycle), reset with a memory dump\n"
"       (tc), DVD media (in, ej), the guest log (rec -view, rec -rotate).\n"
"   CL  Console Log: what the guest printed, kept while nobody watched.\n"
"   SL  Show Event Logs: the guest's starts, stops, resets, crashes and dumps.\n"
"   VM  Virtual Machine Menu: the virtual machine's status.\n"
"   HE  This help.\n"
"   X   Exit Connection.\n"
"\n"
"   Every command works at every prompt. oper access has the console, the logs\n"
"   and pc -on; admin access has every command.\n"
"\n";

static const char cm_help[] =
"\n"
"   vMP COMMAND MENU\n"
"\n"
"   pc -on                     power on (start) the virtual machine      oper\n"
"   pc -off                    power it off at once                      admin\n"
"   pc -cycle                  reset it (power cycle)                    admin\n"
"   tc                         save its memory in the guest directory,   admin\n"
"                              then reset it\n"
"   in [bus,dev,tgt] [media]   insert DVD media; without media, list     admin\n"
"                              the media that may be inserted\n"
"   ej [bus,dev,tgt]           eject DVD media                           admin\n"
"   rec -view                  show the guest log                        oper\n"
"   rec -rotate                close the guest log and start a new one   admin\n"
"   cl                         show the console log                      oper\n"
"   sl                         show the event log                        oper\n"
"   he                         this help\n"
"   ma                         return to vMP main menu (or Ctrl-B)\n"
"\n"
"   Media inserted or ejected here last until the guest stops: its next start\n"
"   has the DVD's configured resource again.\n"
"\n";

struct menu_ctx {
	struct vmp_client	*c;
	struct vmp_term		*t;
	enum menu		 menu;
	int			 interactive;
};

static void
copy_err(struct hpvm_err *to, const struct hpvm_err *from)
{
	int i;

	for (i = 0; i < from->n; i++)
		if (from->msg[i].sev == HPVM_ERROR)
			hpvm_fail(to, from->code ? from->code : EIO, "%s", from->msg[i].text);
		else
			hpvm_warn(to, "%s", from->msg[i].text);
}

/* Everything on `fd`, to the terminal as it is. */
static void
cat_fd(struct vmp_term *t, int fd)
{
	char buf[8192];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n == -1 && errno == EINTR))
		if (n > 0)
			vmp_term_write(t, buf, (size_t)n);
}

static int
is_event(const char *line)
{
	/* "YYYY-MM-DD HH:MM:SS ": the lines hpvm writes; QEMU's own messages have no time. */
	return strlen(line) > 20 && isdigit((unsigned char)line[0]) && line[4] == '-' &&
	    line[10] == ' ' && line[13] == ':' && line[19] == ' ' && strstr(line, " vMP: ") == NULL;
}

/* SL: the guest's events, numbered, newest last: the guest log without console sessions or QEMU's chatter. */
static void
show_events(struct menu_ctx *m, int fd)
{
	char *text = NULL, *line, *save = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	int k = 0;

	for (;;) {
		if (len + 8192 + 1 > cap) {
			char *more = realloc(text, cap = cap ? cap * 2 : 65536);
			if (more == NULL)
				break;
			text = more;
		}
		if ((n = read(fd, text + len, cap - len - 1)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (text == NULL)
		return;
	text[len] = '\0';
	vmp_term_printf(m->t, "\n   Event log of virtual machine '%s' (newest last)\n\n"
	    "     #  Date       Time      Event\n", m->c->s.guest);
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		if (is_event(line))
			vmp_term_printf(m->t, "  %4d  %.10s %.8s  %s\n", ++k, line, line + 11, line + 20);
	if (k == 0)
		vmp_term_printf(m->t, "        (no events)\n");
	vmp_term_write(m->t, "\n", 1);
	free(text);
}

static int run_command(struct menu_ctx *m, const struct vmp_cmd *cmd, struct hpvm_err *e);

/* in, listed: at a terminal with one DVD, ask which media, and insert it. */
static int
pick_media(struct menu_ctx *m, const struct vmp_cmd *cmd, const char *list, struct hpvm_err *e)
{
	struct vmp_cmd in = *cmd;
	const char *p;
	int dvds = 0;

	for (p = list; (p = strstr(p, "DVD ")) != NULL; p += 4)
		if (p == list || p[-1] == '\n')
			dvds++;
	if (!m->interactive || !m->t->tty || (dvds != 1 && cmd->dvd[0] == '\0')) {
		if (dvds > 1 && cmd->dvd[0] == '\0')
			vmp_term_printf(m->t, "Insert with: in bus,dev,tgt media\n");
		return 0;
	}
	if (vmp_term_readline(m->t, "Media to insert (number or name; Enter for none): ",
	    VMP_ECHO_ON, in.media, sizeof(in.media)) != VMP_READ_LINE || in.media[0] == '\0')
		return 0;
	return run_command(m, &in, e);
}

/* A command the library (root) or hpvmconsoled carries out; its output shown, its descriptors used. */
static int
run_command(struct menu_ctx *m, const struct vmp_cmd *cmd, struct hpvm_err *e)
{
	struct vmp_reply r;
	int rc, i;

	vmp_exec_reply_init(&r);
	rc = vmp_client_run(m->c, cmd, &r);
	copy_err(e, &r.err);
	if (r.len > 0)
		vmp_term_write(m->t, r.text, r.len);
	for (i = 0; i < r.nfd; i++) {
		switch (r.kind[i]) {
		case VMP_FD_CONSOLE:
			if (console_attach_run(r.fd[i], m->t, m->interactive ?
			    "       (Use Ctrl-B to return to vMP main menu.)" :
			    "       (Use Ctrl-B to leave the console.)", e) == -1)
				rc = -1;
			r.fd[i] = -1;		/* closed there */
			if (m->interactive) {
				m->menu = MENU_MAIN;
				vmp_term_write(m->t, main_menu, strlen(main_menu));
			}
			break;
		case VMP_FD_GUEST_LOG:
			if (cmd->verb == VMP_SL)
				show_events(m, r.fd[i]);
			else
				cat_fd(m->t, r.fd[i]);
			break;
		case VMP_FD_CONSOLE_LOG:
			cat_fd(m->t, r.fd[i]);
			break;
		}
	}
	if (rc == 0 && cmd->verb == VMP_IN && cmd->media[0] == '\0' && r.text != NULL)
		rc = pick_media(m, cmd, r.text, e);
	vmp_exec_reply_free(&r);
	return rc;
}

/* One line: the menus' own commands here, the rest carried out. */
static int
line_command(struct menu_ctx *m, const char *line, int *quit, struct hpvm_err *e)
{
	struct vmp_cmd cmd;

	if (vmp_parse_line(line, &cmd, e) == -1)
		return -1;
	switch (cmd.verb) {
	case VMP_NONE:
		return 0;
	case VMP_X:
		*quit = 1;
		return 0;
	case VMP_MA:
		m->menu = MENU_MAIN;
		vmp_term_write(m->t, main_menu, strlen(main_menu));
		return 0;
	case VMP_CM:
		m->menu = MENU_CM;
		vmp_term_write(m->t, cm_banner, strlen(cm_banner));
		return 0;
	case VMP_VM:
		m->menu = MENU_VM;
		vmp_term_write(m->t, vm_menu, strlen(vm_menu));
		return 0;
	case VMP_HE:
		if (m->menu == MENU_MAIN)
			vmp_term_write(m->t, main_help, strlen(main_help));
		else if (m->menu == MENU_CM)
			vmp_term_write(m->t, cm_help, strlen(cm_help));
		else
			vmp_term_write(m->t, vm_menu, strlen(vm_menu));
		vmp_term_printf(m->t, "   Your access to '%s': %s.\n\n", m->c->s.guest,
		    vmp_account_level_name(m->c->s.level));
		return 0;
	default:
		return run_command(m, &cmd, e);
	}
}

/* hpvmconsole -c: one command, no menu. */
int
vmp_menu_command(struct vmp_client *c, struct vmp_term *t, const char *line, struct hpvm_err *e)
{
	struct menu_ctx m = { .c = c, .t = t, .menu = MENU_MAIN };
	int quit = 0;

	return line_command(&m, line, &quit, e);
}

/* The menus until X, Ctrl-D or the end of input; each command's messages shown as it ends. */
int
vmp_menu_run(struct vmp_client *c, struct vmp_term *t, struct hpvm_err *e)
{
	static const char *const names[] = { [MENU_MAIN] = "", [MENU_CM] = ":CM", [MENU_VM] = ":VM" };
	struct menu_ctx m = { .c = c, .t = t, .menu = MENU_MAIN, .interactive = 1 };
	char line[VMP_LINE_MAX + 1], prompt[GUEST_NAME_MAX + 32];
	enum vmp_read got;
	int quit = 0;

	vmp_term_write(t, main_menu, strlen(main_menu));
	while (!quit) {
		struct hpvm_err le = { 0 };
		snprintf(prompt, sizeof(prompt), "[%s] vMP%s> ", c->s.guest, names[m.menu]);
		got = vmp_term_readline(t, prompt, VMP_ECHO_ON, line, sizeof(line));
		if (got == VMP_READ_EOF)
			break;
		if (got == VMP_READ_CTRL_B) {
			if (m.menu != MENU_MAIN) {
				m.menu = MENU_MAIN;
				vmp_term_write(t, main_menu, strlen(main_menu));
			}
			continue;
		}
		line_command(&m, line, &quit, &le);
		if (le.n > 0)
			hpvm_report("hpvmconsole", c->s.guest, &le);
	}
	(void)e;
	return 0;
}

/* Which guest, for an account authorized for several. */
int
vmp_menu_choose(void *term, const struct vmp_choice *list, size_t n)
{
	struct vmp_term *t = term;
	char answer[GUEST_NAME_MAX + 1];
	size_t i;
	long k;

	if (!t->tty)
		return -1;
	vmp_term_printf(t, "\n   Virtual machines you may use:\n\n");
	for (i = 0; i < n; i++)
		vmp_term_printf(t, "  %3zu  %-20s (%s)\n", i + 1, list[i].name,
		    vmp_account_level_name(list[i].level));
	for (;;) {
		vmp_term_printf(t, "\n");
		if (vmp_term_readline(t, "Select a virtual machine (number or name): ", VMP_ECHO_ON,
		    answer, sizeof(answer)) != VMP_READ_LINE)
			return -1;
		k = strtol(answer, NULL, 10);
		if (k >= 1 && (size_t)k <= n)
			return (int)k - 1;
		for (i = 0; i < n; i++)
			if (strcmp(answer, list[i].name) == 0)
				return (int)i;
		vmp_term_printf(t, "No such virtual machine: %s\n", answer);
	}
}

/* PAM's questions: the prompt on standard error, the answer hidden when PAM says so. */
int
vmp_menu_ask(void *term, int echo, const char *prompt, char *answer, size_t len)
{
	struct vmp_term *t = term;
	struct vmp_term err = *t;

	err.out = 2;
	err.raw = 0;
	if (vmp_term_readline(&err, prompt, echo ? VMP_ECHO_ON : VMP_ECHO_OFF, answer, len) !=
	    VMP_READ_LINE)
		return -1;
	return 0;
}

void
vmp_menu_tell(void *term, const char *text)
{
	struct vmp_term *t = term;

	vmp_term_printf(t, "%s\n", text);
}
