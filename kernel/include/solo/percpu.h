/* percpu.h - struct cpu: everything one CPU owns (its current thread, run
 * queue, timer queue, GDT and TSS), reached through %gs on that CPU. */
#ifndef SOLO_PERCPU_H
#define SOLO_PERCPU_H

/* syscall.S reaches the first three fields of struct cpu at fixed offsets. */
#define CPU_KERNEL_RSP 8
#define CPU_USER_RSP   16

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <solo/list.h>
#include <solo/spinlock.h>
#include <solo/param.h>

struct thread;

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

struct runq {
    struct spinlock lock;
    struct list threads;        /* runnable, not running */
    unsigned nr;                /* threads on the list */
};

struct timerq {
    struct spinlock lock;
    struct list timers;         /* sorted by deadline */
    void *running;              /* the timer whose callback runs now */
};

struct cpu {
    struct cpu *self;           /* %gs:0, for this_cpu() */
    uint64_t kernel_rsp;        /* top of the current thread's kernel stack */
    uint64_t user_rsp;          /* the app's stack pointer during SYSCALL entry */
    unsigned id;                /* 0 is the boot CPU */
    uint32_t apic_id;
    struct thread *current;
    struct thread *idle;
    struct thread *switch_from; /* the thread being switched away from */
    struct runq rq;
    struct timerq timers;
    volatile int online;
    volatile int need_resched;
    uint64_t slice_end_ns;      /* when the current thread's slice ends */
    uint64_t timer_armed_ns;    /* deadline the APIC timer is set for, 0 if none */
    uint64_t irqs, ticks, switches;   /* interrupts, timer interrupts, thread switches */
    uint64_t idle_ns;           /* time spent halted, up to halted_since */
    volatile uint64_t halted_since; /* when the current halt began, 0 if running */
    uint64_t gdt[8];
    struct tss tss __attribute__((aligned(16)));
    void *ist_stacks[3];
};

extern struct cpu cpus[MAX_CPUS];
extern unsigned ncpus;          /* CPUs brought up */

static inline struct cpu *this_cpu(void)
{
    struct cpu *c;
    __asm__ volatile("mov %%gs:0, %0" : "=r"(c));
    return c;
}

_Static_assert(__builtin_offsetof(struct cpu, kernel_rsp) == CPU_KERNEL_RSP, "syscall.S offsets");
_Static_assert(__builtin_offsetof(struct cpu, user_rsp) == CPU_USER_RSP, "syscall.S offsets");
#endif /* __ASSEMBLER__ */

#endif
