/* panic.h - broken kernel invariants: print what, where and the values,
 * a backtrace, then power off with EXIT_PANIC. */
#ifndef SOLO_PANIC_H
#define SOLO_PANIC_H

_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Disables interrupts, stops the other CPUs and takes the console: the
 * first step of every crash report. A second crash halts this CPU. */
void panic_enter(void);

#define assert(e) \
    ((e) ? (void)0 : panic("assertion failed: %s at %s:%d", #e, __FILE__, __LINE__))

#endif
