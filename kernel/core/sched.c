/* sched.c - kernel threads and the preemptive scheduler.
 *
 * Each CPU has a run queue of runnable threads that are not running. A
 * thread belongs to the queue of t->cpu; it moves to another CPU only when
 * an idle CPU steals it (load balancing), never while it runs (on_cpu).
 * The run queue lock of a CPU is held across a context switch and released
 * by the thread switched to (finish_switch), so no other CPU can pick up a
 * thread whose registers are still being saved.
 *
 * Builds on: timer.c (time slices, sleeping), the local APIC (IPIs).
 */
#include <solo/sched.h>
#include <solo/percpu.h>
#include <solo/arch.h>
#include <solo/mm.h>
#include <solo/klog.h>
#include <solo/panic.h>
#include <solo/string.h>
#include <solo/errno.h>
#include <solo/format.h>
#include "../arch/x86_64/cpu.h"

extern void context_switch(uint64_t *old_sp, uint64_t new_sp);
extern void thread_entry_asm(void);

static uint64_t next_thread_id = 1;
static uint64_t live_threads;
static struct list all_threads = LIST_INIT(all_threads);
static struct spinlock all_threads_lock = SPINLOCK_INIT("threads");

struct thread *thread_current(void)
{
    return this_cpu()->current;
}

uint64_t sched_idle_ns(const struct cpu *c)
{
    uint64_t since = c->halted_since;
    return c->idle_ns + (since ? clock_monotonic_ns() - since : 0);
}

uint64_t sched_thread_count(void)
{
    return __atomic_load_n(&live_threads, __ATOMIC_RELAXED);
}

void sched_dump_threads(void)
{
    static const char *const states[] = { "runnable", "blocked", "dead" };
    if (__atomic_exchange_n(&all_threads_lock.locked, 1, __ATOMIC_ACQUIRE)) {
        kprintf_raw("threads: list busy, not shown\n");
        return;
    }
    struct list *it;
    list_for_each(it, &all_threads) {
        struct thread *t = list_entry(it, struct thread, all_node);
        kprintf_raw("thread %llu %s: %s%s, cpu %u%s\n", (unsigned long long)t->id, t->name,
                    states[t->state], t->on_cpu ? " (running)" : "", t->cpu,
                    t->on_rq ? ", queued" : "");
        if (!t->on_cpu) {
            /* context_switch() left r15 r14 r13 r12 rbx rbp and the return address. */
            uint64_t *sp = (uint64_t *)t->sp;
            backtrace_print(sp[5], sp[6]);
        }
    }
    for (unsigned i = 0; i < ncpus; i++)
        kprintf_raw("cpu%u: current %s, %u queued, timer at %llu ns, now %llu ns\n", i,
                    cpus[i].current ? cpus[i].current->name : "-", cpus[i].rq.nr,
                    (unsigned long long)cpus[i].timer_armed_ns,
                    (unsigned long long)clock_monotonic_ns());
    __atomic_store_n(&all_threads_lock.locked, 0, __ATOMIC_RELEASE);
}

void waitq_init(struct waitq *wq)
{
    spin_init(&wq->lock, "waitq");
    list_init(&wq->waiters);
}

static struct thread *new_thread(const char *name, void *stack)
{
    struct thread *t = kzalloc(sizeof *t);
    if (!t)
        return NULL;
    t->stack = stack;
    t->id = __atomic_fetch_add(&next_thread_id, 1, __ATOMIC_RELAXED);
    strlcpy(t->name, name, sizeof t->name);
    list_init(&t->rq_node);
    list_init(&t->wait_node);
    waitq_init(&t->exit_wait);
    timer_init(&t->sleep_timer, NULL);
    __atomic_fetch_add(&live_threads, 1, __ATOMIC_RELAXED);
    irqflags_t f = spin_lock_irqsave(&all_threads_lock);
    list_push_back(&all_threads, &t->all_node);
    spin_unlock_irqrestore(&all_threads_lock, f);
    return t;
}

static void free_thread(struct thread *t)
{
    irqflags_t f = spin_lock_irqsave(&all_threads_lock);
    list_remove(&t->all_node);
    spin_unlock_irqrestore(&all_threads_lock, f);
    kstack_free(t->stack);
    kfree(t);
    __atomic_fetch_sub(&live_threads, 1, __ATOMIC_RELAXED);
}

/* Lays out the new stack so that context_switch() returns into
 * thread_entry_asm with the thread in r12. */
static void prepare_stack(struct thread *t)
{
    uint64_t *sp = (uint64_t *)((char *)t->stack + KSTACK_SIZE);
    *--sp = (uint64_t)thread_entry_asm;
    *--sp = 0;                  /* rbp */
    *--sp = 0;                  /* rbx */
    *--sp = (uint64_t)t;        /* r12 */
    *--sp = 0;                  /* r13 */
    *--sp = 0;                  /* r14 */
    *--sp = 0;                  /* r15 */
    t->sp = (uint64_t)sp;
}

static void enqueue(struct cpu *c, struct thread *t)
{
    t->on_rq = 1;
    t->cpu = c->id;
    list_push_back(&c->rq.threads, &t->rq_node);
    c->rq.nr++;
}

static struct thread *dequeue(struct cpu *c)
{
    struct list *n = list_pop_front(&c->rq.threads);
    if (!n)
        return NULL;
    struct thread *t = list_entry(n, struct thread, rq_node);
    t->on_rq = 0;
    c->rq.nr--;
    return t;
}

/* Asks idle CPUs to come and steal work when c has threads waiting. */
static void kick_idle_cpus(struct cpu *c)
{
    if (c->rq.nr == 0)
        return;
    for (unsigned i = 0; i < ncpus; i++) {
        struct cpu *o = &cpus[i];
        if (o != c && o->online && o->current == o->idle) {
            lapic_send_ipi(o->apic_id, VEC_RESCHED);
            return;
        }
    }
}

/* Tells c that its run queue grew: an idle CPU switches at once, a busy
 * one arms its time-slice timer (it may have been running tickless). */
static void poke(struct cpu *c)
{
    if (c != this_cpu()) {
        if (c->online)
            lapic_send_ipi(c->apic_id, VEC_RESCHED);
    } else if (c->current == c->idle) {
        c->need_resched = 1;
    } else {
        timer_reprogram();
    }
}

static void finish_switch(void)
{
    struct cpu *c = this_cpu();
    struct thread *prev = c->switch_from;
    int reap = prev->state == THREAD_DEAD && prev->detached;
    __atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
    spin_unlock(&c->rq.lock);
    if (reap)
        free_thread(prev);
}

/* Counts a finished halt as idle time. The interrupt that ends a halt may
 * switch threads before the idle loop runs again, so schedule() calls this too. */
static void end_halt(struct cpu *c)
{
    if (c->halted_since) {
        c->idle_ns += clock_monotonic_ns() - c->halted_since;
        c->halted_since = 0;
    }
}

/* Picks the next thread and switches to it. Interrupts must be off. */
static void schedule(void)
{
    struct cpu *c = this_cpu();
    struct thread *prev = c->current;
    end_halt(c);
    spin_lock(&c->rq.lock);
    c->need_resched = 0;
    if (prev->state == THREAD_RUNNABLE && prev != c->idle && !prev->on_rq)
        enqueue(c, prev);
    struct thread *next = dequeue(c);
    if (!next)
        next = c->idle;
    c->slice_end_ns = clock_monotonic_ns() + SCHED_SLICE_NS;
    if (next == prev) {
        spin_unlock(&c->rq.lock);
        return;
    }
    kick_idle_cpus(c);
    c->current = next;
    c->switch_from = prev;
    c->switches++;
    next->on_cpu = 1;
    next->cpu = c->id;
    /* Threads still wait: make sure the slice of the next one is timed. */
    if (c->rq.nr > 0)
        timer_reprogram();
    user_switch_to(c, next);
    context_switch(&prev->sp, next->sp);
    finish_switch();
}

void sched_preempt(void)
{
    schedule();
}

void sched_yield(void)
{
    irqflags_t f = irq_save();
    schedule();
    irq_restore(f);
}

void sched_wake(struct thread *t)
{
    irqflags_t f = irq_save();
    struct cpu *c;
    for (;;) {
        c = &cpus[__atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE)];
        spin_lock(&c->rq.lock);
        if (t->cpu == c->id)
            break;
        spin_unlock(&c->rq.lock);
    }
    if (t->state == THREAD_BLOCKED) {
        t->state = THREAD_RUNNABLE;
        /* A thread still on its way into schedule() is requeued there. */
        if (!t->on_cpu) {
            enqueue(c, t);
            poke(c);
            if (c->current != c->idle)
                kick_idle_cpus(c);
        }
    }
    spin_unlock(&c->rq.lock);
    irq_restore(f);
}

void thread_start(struct thread *t)
{
    finish_switch();
    sti();
    t->fn(t->arg);
    thread_exit();
}

/* The CPU whose queue is shortest, counting what it runs. */
static struct cpu *least_loaded(void)
{
    struct cpu *best = this_cpu();
    unsigned best_load = ~0u;
    for (unsigned i = 0; i < ncpus; i++) {
        struct cpu *o = &cpus[i];
        unsigned load = o->rq.nr + (o->current != o->idle);
        if (o->online && load < best_load) {
            best = o;
            best_load = load;
        }
    }
    return best;
}

static struct thread *spawn(const char *name, void (*fn)(void *), void *arg, struct cpu *c, int pinned)
{
    void *stack = kstack_alloc();
    if (!stack)
        return NULL;
    struct thread *t = new_thread(name, stack);
    if (!t) {
        kstack_free(stack);
        return NULL;
    }
    t->fn = fn;
    t->arg = arg;
    t->pinned = pinned;
    t->state = THREAD_RUNNABLE;
    prepare_stack(t);
    irqflags_t f = spin_lock_irqsave(&c->rq.lock);
    enqueue(c, t);
    poke(c);
    spin_unlock_irqrestore(&c->rq.lock, f);
    return t;
}

struct thread *thread_create(const char *name, void (*fn)(void *), void *arg)
{
    return spawn(name, fn, arg, least_loaded(), 0);
}

struct thread *thread_create_on(const char *name, void (*fn)(void *), void *arg, unsigned cpu)
{
    if (cpu >= ncpus)
        return NULL;
    return spawn(name, fn, arg, &cpus[cpu], 1);
}

_Noreturn void thread_exit(void)
{
    struct thread *t = thread_current();
    /* Interrupts stay off from here on: a dead thread that were preempted
     * would never run again to wake its joiner. */
    cli();
    spin_lock(&t->exit_wait.lock);
    t->state = THREAD_DEAD;
    spin_unlock(&t->exit_wait.lock);
    waitq_wake_all(&t->exit_wait);
    schedule();
    panic("dead thread %s was scheduled", t->name);
}

static void wait_off_cpu(struct thread *t)
{
    while (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE))
        cpu_relax();
}

void thread_join(struct thread *t)
{
    irqflags_t f = spin_lock_irqsave(&t->exit_wait.lock);
    if (t->detached)
        panic("thread_join on detached thread %s", t->name);
    while (t->state != THREAD_DEAD)
        waitq_sleep_locked(&t->exit_wait, &f, 0);
    spin_unlock_irqrestore(&t->exit_wait.lock, f);
    wait_off_cpu(t);
    free_thread(t);
}

void thread_detach(struct thread *t)
{
    irqflags_t f = spin_lock_irqsave(&t->exit_wait.lock);
    int dead = t->state == THREAD_DEAD;
    t->detached = !dead;
    spin_unlock_irqrestore(&t->exit_wait.lock, f);
    if (dead) {
        wait_off_cpu(t);
        free_thread(t);
    }
}

static void sleep_timeout(struct timer *tm)
{
    sched_wake(container_of(tm, struct thread, sleep_timer));
}

void sched_sleep_ns(uint64_t ns)
{
    struct thread *t = thread_current();
    uint64_t deadline = clock_monotonic_ns() + ns;
    irqflags_t f = irq_save();
    while (clock_monotonic_ns() < deadline) {
        t->sleep_timer.fn = sleep_timeout;
        t->state = THREAD_BLOCKED;
        timer_arm(&t->sleep_timer, deadline);
        schedule();
        timer_cancel(&t->sleep_timer);
    }
    irq_restore(f);
}

/* A timed wait ran out: take the thread off the queue it waits on. */
static void waitq_timeout(struct timer *tm)
{
    struct thread *t = container_of(tm, struct thread, sleep_timer);
    struct waitq *wq = t->waiting_on;
    spin_lock(&wq->lock);
    int still_waiting = !list_empty(&t->wait_node);
    if (still_waiting) {
        list_remove(&t->wait_node);
        t->wait_result = -ETIMEDOUT;
    }
    spin_unlock(&wq->lock);
    if (still_waiting)
        sched_wake(t);
}

int waitq_sleep_locked(struct waitq *wq, irqflags_t *flags, uint64_t deadline_ns)
{
    (void)flags;    /* interrupts stay off until the caller unlocks */
    struct thread *t = thread_current();
    t->wait_result = 0;
    t->waiting_on = wq;
    t->state = THREAD_BLOCKED;
    list_push_back(&wq->waiters, &t->wait_node);
    if (deadline_ns) {
        t->sleep_timer.fn = waitq_timeout;
        timer_arm(&t->sleep_timer, deadline_ns);
    }
    spin_unlock(&wq->lock);
    schedule();
    if (deadline_ns)
        timer_cancel(&t->sleep_timer);
    spin_lock(&wq->lock);
    return t->wait_result;
}

static int wake(struct waitq *wq, int all)
{
    int n = 0;
    for (;;) {
        irqflags_t f = spin_lock_irqsave(&wq->lock);
        struct list *node = list_pop_front(&wq->waiters);
        spin_unlock_irqrestore(&wq->lock, f);
        if (!node)
            return n;
        sched_wake(list_entry(node, struct thread, wait_node));
        n++;
        if (!all)
            return n;
    }
}

int waitq_wake_one(struct waitq *wq)
{
    return wake(wq, 0);
}

int waitq_wake_all(struct waitq *wq)
{
    return wake(wq, 1);
}

/* Moves one waiting thread from the busiest other CPU to c. */
static int steal(struct cpu *c)
{
    struct cpu *victim = NULL;
    for (unsigned i = 0; i < ncpus; i++)
        if (&cpus[i] != c && cpus[i].rq.nr > 0 && (!victim || cpus[i].rq.nr > victim->rq.nr))
            victim = &cpus[i];
    if (!victim)
        return 0;
    struct thread *t = NULL;
    spin_lock(&victim->rq.lock);
    struct list *it;
    list_for_each(it, &victim->rq.threads) {
        struct thread *cand = list_entry(it, struct thread, rq_node);
        if (!cand->pinned && !cand->on_cpu) {
            t = cand;
            break;
        }
    }
    if (t) {
        list_remove(&t->rq_node);
        victim->rq.nr--;
        t->on_rq = 0;
        t->cpu = c->id;
    }
    spin_unlock(&victim->rq.lock);
    if (!t)
        return 0;
    spin_lock(&c->rq.lock);
    enqueue(c, t);
    spin_unlock(&c->rq.lock);
    return 1;
}

_Noreturn void sched_run_idle(void)
{
    struct cpu *c = this_cpu();
    for (;;) {
        cli();
        if (c->rq.nr > 0 || steal(c)) {
            schedule();
            continue;
        }
        timer_reprogram();
        c->halted_since = clock_monotonic_ns();
        sti_hlt();
        cli();
        end_halt(c);
    }
}

static void idle_entry(void *arg)
{
    (void)arg;
    sched_run_idle();
}

static void resched_ipi(struct trapframe *tf)
{
    (void)tf;
    struct cpu *c = this_cpu();
    if (c->current == c->idle)
        c->need_resched = 1;
    else
        timer_reprogram();
}

void sched_init_cpu(struct cpu *c, void *stack)
{
    spin_init(&c->rq.lock, "runq");
    list_init(&c->rq.threads);
    if (c->id == 0) {
        /* The running context becomes the thread "main"; idle gets a stack. */
        struct thread *main = new_thread("main", stack);
        void *stack = kstack_alloc();
        struct thread *idle = stack ? new_thread("idle0", stack) : NULL;
        if (!main || !idle)
            panic("no memory for the first threads");
        main->on_cpu = 1;
        idle->fn = idle_entry;
        idle->pinned = 1;
        prepare_stack(idle);
        c->current = main;
        c->idle = idle;
        trap_set_handler(VEC_RESCHED, resched_ipi);
        return;
    }
    /* An AP's start-up stack becomes its idle thread. */
    char name[16];
    ksnprintf(name, sizeof name, "idle%u", c->id);
    struct thread *idle = new_thread(name, stack);
    if (!idle)
        panic("no memory for the idle thread of cpu %u", c->id);
    idle->on_cpu = 1;
    idle->pinned = 1;
    idle->cpu = c->id;
    c->current = c->idle = idle;
}
