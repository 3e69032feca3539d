/* guest_power.h: HP's power control: start (pc -on), stop hard or gracefully (pc -off), reset (pc -cycle). */
#ifndef HPVM_GUEST_POWER_H
#define HPVM_GUEST_POWER_H

struct guest;
struct hpvm_err;
struct start_problems;

enum guest_power_mode { GUEST_POWER_HARD, GUEST_POWER_GRACEFUL };
/*
 * Start despite configuration problems and a cluster package's claim (hpvmstart -F)? A guest
 * arriving by migration is checked, but its cluster mark was the source's to check.
 */
enum guest_power_check { GUEST_POWER_CHECKED, GUEST_POWER_FORCED, GUEST_POWER_MIGRATED };

int	guest_power_on(const char *name, enum guest_power_check check, struct start_problems *p,
	    struct hpvm_err *e);
int	guest_power_reserve(const char *name, enum guest_power_check check, struct guest *g,
	    struct start_problems *p, struct hpvm_err *e);
/* A launch boots the guest, or starts it paused to receive a migration. */
enum guest_power_launch { GUEST_LAUNCH_BOOT, GUEST_LAUNCH_INCOMING };

int	guest_power_launch(const struct guest *g, int claim, enum guest_power_launch how,
	    struct hpvm_err *e);
int	guest_power_off(const char *name, enum guest_power_mode mode, int wait_seconds,
	    struct hpvm_err *e);
int	guest_power_cycle(const char *name, struct hpvm_err *e);
int	guest_power_wait_off(const char *uuid, int seconds);

#endif
