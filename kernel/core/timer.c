/* timer.c - per-CPU one-shot timers and the APIC timer behind them.
 *
 * Each CPU keeps its armed timers sorted by deadline. The APIC timer is set
 * for the earliest deadline, or the end of the running thread's time slice
 * when other threads wait; an idle CPU with no timers sets nothing (tickless).
 */
#include <solo/timer.h>
#include <solo/sched.h>
#include <solo/percpu.h>
#include <solo/arch.h>
#include "../arch/x86_64/cpu.h"

void timer_init_cpu(struct cpu *c)
{
    spin_init(&c->timers.lock, "timers");
    list_init(&c->timers.timers);
}

void timer_init(struct timer *t, void (*fn)(struct timer *t))
{
    list_init(&t->node);
    t->fn = fn;
    t->cpu = -1;
    t->deadline_ns = 0;
}

void timer_reprogram(void)
{
    struct cpu *c = this_cpu();
    uint64_t next = 0;
    irqflags_t f = spin_lock_irqsave(&c->timers.lock);
    if (!list_empty(&c->timers.timers))
        next = list_entry(c->timers.timers.next, struct timer, node)->deadline_ns;
    spin_unlock_irqrestore(&c->timers.lock, f);
    if (c->current != c->idle && c->rq.nr > 0 && (!next || c->slice_end_ns < next))
        next = c->slice_end_ns;
    if (next != c->timer_armed_ns) {
        c->timer_armed_ns = next;
        lapic_timer_arm(next);
    }
}

/* Locks the queue t is on; returns it, or NULL (unlocked) if t is not armed. */
static struct cpu *lock_queue_of(struct timer *t, irqflags_t *f)
{
    for (;;) {
        int cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
        if (cpu < 0)
            return NULL;
        struct cpu *c = &cpus[cpu];
        *f = spin_lock_irqsave(&c->timers.lock);
        if (t->cpu == cpu)
            return c;
        spin_unlock_irqrestore(&c->timers.lock, *f);
    }
}

int timer_cancel(struct timer *t)
{
    irqflags_t f;
    struct cpu *c = lock_queue_of(t, &f);
    if (c) {
        list_remove(&t->node);
        t->cpu = -1;
        spin_unlock_irqrestore(&c->timers.lock, f);
        return 1;
    }
    /* It may be firing on another CPU: wait until its callback is done. On
     * this CPU it can only be the caller itself (a callback re-arming its
     * timer), since callbacks run with interrupts off. */
    for (unsigned i = 0; i < ncpus; i++)
        while (&cpus[i] != this_cpu()
               && __atomic_load_n(&cpus[i].timers.running, __ATOMIC_ACQUIRE) == t)
            cpu_relax();
    return 0;
}

void timer_arm(struct timer *t, uint64_t deadline_ns)
{
    timer_cancel(t);
    struct cpu *c = this_cpu();
    irqflags_t f = spin_lock_irqsave(&c->timers.lock);
    t->deadline_ns = deadline_ns;
    struct list *it;
    list_for_each(it, &c->timers.timers)
        if (list_entry(it, struct timer, node)->deadline_ns > deadline_ns)
            break;
    list_insert(it->prev, &t->node, it);
    t->cpu = (int)c->id;
    int first = c->timers.timers.next == &t->node;
    spin_unlock_irqrestore(&c->timers.lock, f);
    if (first)
        timer_reprogram();
}

void timer_interrupt(void)
{
    struct cpu *c = this_cpu();
    uint64_t now = clock_monotonic_ns();
    c->ticks++;
    c->timer_armed_ns = 0;
    for (;;) {
        spin_lock(&c->timers.lock);
        struct timer *t = NULL;
        if (!list_empty(&c->timers.timers)) {
            t = list_entry(c->timers.timers.next, struct timer, node);
            if (t->deadline_ns > now)
                t = NULL;
        }
        if (t) {
            list_remove(&t->node);
            t->cpu = -1;
            c->timers.running = t;
        }
        spin_unlock(&c->timers.lock);
        if (!t)
            break;
        t->fn(t);
        __atomic_store_n(&c->timers.running, NULL, __ATOMIC_RELEASE);
    }
    if (c->current != c->idle && now >= c->slice_end_ns && c->rq.nr > 0)
        c->need_resched = 1;
    timer_reprogram();
}
