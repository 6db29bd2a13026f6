/* sched.h - kernel threads and the scheduler: per-CPU run queues, preemption
 * by time slice, sleeping, wait queues, and joining finished threads. */
#ifndef SOLO_SCHED_H
#define SOLO_SCHED_H

#include <stdint.h>
#include <stdbool.h>
#include <solo/list.h>
#include <solo/spinlock.h>
#include <solo/timer.h>

enum thread_state {
    THREAD_RUNNABLE,    /* on a run queue or running */
    THREAD_BLOCKED,     /* waiting on something that will wake it */
    THREAD_DEAD,        /* finished; its joiner frees it */
};

struct waitq {
    struct spinlock lock;
    struct list waiters;
};

struct thread {
    uint64_t sp;                /* saved stack pointer while switched out */
    void *stack;                /* base of the KSTACK_SIZE stack */
    uint64_t id;
    char name[24];
    volatile enum thread_state state;
    volatile int on_cpu;        /* being run by some CPU right now */
    int on_rq;                  /* on cpu's run queue */
    int pinned;                 /* never moved to another CPU */
    unsigned cpu;               /* the CPU whose run queue owns it */
    void (*fn)(void *);
    void *arg;
    struct list rq_node;        /* run queue */
    struct list wait_node;      /* a wait queue */
    struct list all_node;       /* every thread, for the NMI dump */
    struct waitq exit_wait;     /* the joiner waits here */
    int detached;
    int wait_result;            /* why a timed wait ended: 0 or -ETIMEDOUT */
    struct waitq *waiting_on;   /* the queue of a timed wait */
    struct timer sleep_timer;
    int user;                   /* runs app code in ring 3 */
    uint64_t fs_base;           /* the app's FS base (TLS), set by arch_prctl */
    uint64_t clear_child_tid;   /* set_tid_address: cleared and woken at exit (threads issue) */
    uint64_t robust_list;       /* set_robust_list: walked at exit (threads issue) */
};

void sched_init(void);              /* boot CPU, before any thread */
/* Each CPU: its threads. The running context becomes the thread "main"
 * on the boot CPU and the idle thread on the others; stack is its stack. */
void sched_init_cpu(struct cpu *c, void *stack);
_Noreturn void sched_run_idle(void);    /* becomes this CPU's idle loop */

/* Creates a runnable thread; NULL when out of memory. */
struct thread *thread_create(const char *name, void (*fn)(void *), void *arg);
/* The same, bound to one CPU (never migrated). */
struct thread *thread_create_on(const char *name, void (*fn)(void *), void *arg, unsigned cpu);
_Noreturn void thread_exit(void);
/* Waits for t to finish and frees it. */
void thread_join(struct thread *t);
/* t frees itself when it finishes; it must not be joined. */
void thread_detach(struct thread *t);
struct thread *thread_current(void);

void sched_yield(void);
void sched_sleep_ns(uint64_t ns);
/* Called on return from an interrupt when the slice is over or a thread woke. */
void sched_preempt(void);
void sched_wake(struct thread *t);
uint64_t sched_thread_count(void);
/* Prints every thread with its state and backtrace (from the NMI handler:
 * gives up rather than wait for a lock). */
void sched_dump_threads(void);
/* Time the CPU has spent halted since boot, including a halt under way. */
uint64_t sched_idle_ns(const struct cpu *c);

void waitq_init(struct waitq *wq);
/* Blocks on wq; the caller holds wq->lock with interrupts off (flags from
 * spin_lock_irqsave) and gets it back locked. A deadline (monotonic ns, 0 =
 * none) bounds the wait: returns -ETIMEDOUT if it passed, else 0. */
int waitq_sleep_locked(struct waitq *wq, irqflags_t *flags, uint64_t deadline_ns);
/* Wake one / all; wq->lock must not be held. */
int waitq_wake_one(struct waitq *wq);
int waitq_wake_all(struct waitq *wq);

#endif
