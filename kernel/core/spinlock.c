/* spinlock.c - spinlocks with the local CPU's interrupts disabled while held.
 * A lock that spins for very long is reported once, as it means a deadlock. */
#include <solo/spinlock.h>
#include <solo/percpu.h>
#include <solo/panic.h>
#include "../arch/x86_64/cpu.h"

irqflags_t irq_save(void)
{
    irqflags_t f = read_rflags();
    cli();
    return f;
}

void irq_restore(irqflags_t flags)
{
    if (flags & RFLAGS_IF)
        sti();
}

void spin_init(struct spinlock *l, const char *name)
{
    l->locked = 0;
    l->cpu = -1;
    l->name = name;
}

void spin_lock(struct spinlock *l)
{
    uint64_t spins = 0;
    while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED)) {
            cpu_relax();
            if (++spins == (1ull << 32))
                panic("spinlock %s held too long by cpu %d", l->name, l->cpu);
        }
    }
    l->cpu = ncpus ? (int)this_cpu()->id : 0;
}

void spin_unlock(struct spinlock *l)
{
    l->cpu = -1;
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

irqflags_t spin_lock_irqsave(struct spinlock *l)
{
    irqflags_t f = irq_save();
    spin_lock(l);
    return f;
}

void spin_unlock_irqrestore(struct spinlock *l, irqflags_t flags)
{
    spin_unlock(l);
    irq_restore(flags);
}
