/* spinlock.h - spinlocks that also disable interrupts on the local CPU.
 * Every kernel spinlock is taken with interrupts off, so an interrupt handler
 * never spins on a lock its own CPU holds and a holder is never preempted. */
#ifndef SOLO_SPINLOCK_H
#define SOLO_SPINLOCK_H

#include <stdint.h>

struct spinlock {
    volatile uint32_t locked;
    int cpu;                 /* holder's CPU, for panic reports */
    const char *name;
};

#define SPINLOCK_INIT(n) { 0, -1, n }

typedef uint64_t irqflags_t;

void spin_init(struct spinlock *l, const char *name);
irqflags_t spin_lock_irqsave(struct spinlock *l);
void spin_unlock_irqrestore(struct spinlock *l, irqflags_t flags);
/* For callers that already run with interrupts disabled. */
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);

irqflags_t irq_save(void);
void irq_restore(irqflags_t flags);

#endif
