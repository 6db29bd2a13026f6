/* power.h - powering the VM off with an exit status (see docs/exit-status.md). */
#ifndef SOLO_POWER_H
#define SOLO_POWER_H

/* Exit statuses the kernel itself uses; 0..119 belong to the app or tests. */
#define EXIT_PANIC        121   /* a kernel invariant broke */
#define EXIT_EXCEPTION    122   /* a CPU exception in the kernel */
#define EXIT_DOUBLE_FAULT 123   /* double fault, including kernel stack overflow */
#define EXIT_MACHINE      124   /* NMI or machine check */

_Noreturn void power_off(int status);

#endif
