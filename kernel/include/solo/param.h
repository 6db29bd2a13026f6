/* param.h - kernel limits and tunables, each with its default, in one place. */
#ifndef SOLO_PARAM_H
#define SOLO_PARAM_H

#define MAX_CPUS            64      /* CPUs the kernel will bring up */
#define KSTACK_SIZE         (16 * 1024)  /* kernel thread stack, below it a guard page */
#define IST_STACK_SIZE      (8 * 1024)   /* double fault / NMI / machine check stacks */
#define KLOG_SIZE           (64 * 1024)  /* kernel log ring buffer, bytes */
#define SCHED_SLICE_NS      10000000ull  /* time slice of a thread: 10 ms */
#define CMDLINE_MAX         4096    /* longest boot command line kept */
#define BUDDY_MAX_ORDER     18      /* largest free block: 2^18 pages = 1 GiB */
#define PMM_MAX_ZONES       32      /* RAM ranges tracked by the page allocator */

#endif
