/* start_check.h: what stops a guest from starting here, each tied to the item it concerns (HP's "Warning N on item X"). */
#ifndef HPVM_START_CHECK_H
#define HPVM_START_CHECK_H

struct devdb;
struct guest;

#define PROBLEMS_MAX	32

struct start_problems {
	int	n;
	char	item[PROBLEMS_MAX][1024];
	char	text[PROBLEMS_MAX][384];
};

void	start_check_host(const struct guest *g, struct start_problems *p);
void	start_check_run(const struct guest *g, struct devdb *db, struct start_problems *p);

#endif
