/* timer.h - one-shot kernel timers: a callback at a monotonic deadline, run
 * from the timer interrupt of the CPU that armed it. The APIC timer is armed
 * only for the earliest deadline (tickless when there is nothing to do). */
#ifndef SOLO_TIMER_H
#define SOLO_TIMER_H

#include <stdint.h>
#include <solo/list.h>

struct timer {
    struct list node;
    uint64_t deadline_ns;
    void (*fn)(struct timer *t);
    int cpu;                    /* queue it is on, -1 when not armed */
};

struct cpu;
void timer_init_cpu(struct cpu *c);
void timer_init(struct timer *t, void (*fn)(struct timer *t));
/* Arms (or re-arms) t on this CPU for the monotonic deadline. */
void timer_arm(struct timer *t, uint64_t deadline_ns);
/* Disarms t; returns 1 if it was armed and had not fired yet. */
int timer_cancel(struct timer *t);
/* Runs expired timers and re-arms the hardware; from the timer interrupt. */
void timer_interrupt(void);
/* Programs the APIC timer for the earliest of the timers and the slice end. */
void timer_reprogram(void);

#endif
