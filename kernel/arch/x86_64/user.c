/* user.c - what the CPU needs to run the app in ring 3: the FPU/SSE/AVX
 * enables, SMEP/SMAP, the SYSCALL MSRs, and the per-thread state switched
 * with the thread (the kernel stack for entries from ring 3, the FS base). */
#include <solo/arch.h>
#include <solo/sched.h>
#include <solo/vma.h>
#include <solo/param.h>
#include <solo/klog.h>
#include "cpu.h"

#define EFER_SCE      (1u << 0)
#define MSR_STAR      0xc0000081
#define MSR_LSTAR     0xc0000082
#define MSR_FMASK     0xc0000084
#define CR4_OSFXSR    (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)
#define CR4_OSXSAVE   (1u << 18)
#define CR4_SMEP      (1u << 20)
#define CR4_SMAP      (1u << 21)

extern void syscall_entry(void);
unsigned char smap_enabled;     /* read by usercopy.S */

static void write_cr0(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr0" :: "r"(v) : "memory");
}

static void xsetbv(uint32_t reg, uint64_t v)
{
    __asm__ volatile("xsetbv" :: "c"(reg), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* On each CPU: the FPU and vector units for the app, SMEP/SMAP, SYSCALL. */
void user_init_cpu(void)
{
    uint32_t r[4];
    write_cr0((read_cr0() & ~(1ull << 2 | 1ull << 3)) | (1ull << 1));  /* -EM -TS +MP */
    uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
    cpuid(1, 0, r);
    int xsave = (r[2] >> 26) & 1;
    if (xsave)
        cr4 |= CR4_OSXSAVE;
    cpuid(7, 0, r);
    if (r[1] & (1u << 7))
        cr4 |= CR4_SMEP;
    if (r[1] & (1u << 20)) {
        cr4 |= CR4_SMAP;
        smap_enabled = 1;
    }
    write_cr4(cr4);
    if (this_cpu()->id == 0)
        kprintf("cpu: SMEP %s, SMAP %s, XSAVE %s\n", cr4 & CR4_SMEP ? "on" : "absent",
                cr4 & CR4_SMAP ? "on" : "absent", xsave ? "on" : "absent");
    if (xsave) {
        /* x87 and SSE always; AVX state when the CPU has it. */
        cpuid(0xd, 0, r);
        xsetbv(0, 0x3 | (r[0] & 0x4));
    }
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    /* SYSCALL: CS 0x08, SS 0x10. SYSRET: CS 0x18+16 (64-bit), SS 0x18+8. */
    wrmsr(MSR_STAR, (0x18ull << 48) | (0x08ull << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    /* Cleared on entry: IF, DF, TF, AC. */
    wrmsr(MSR_FMASK, (1u << 9) | (1u << 10) | (1u << 8) | (1u << 18));
}

void user_switch_to(struct cpu *c, struct thread *next)
{
    uint64_t top = (uint64_t)next->stack + KSTACK_SIZE;
    c->kernel_rsp = top;
    c->tss.rsp[0] = top;
    if (next->user) {
        wrmsr(MSR_FS_BASE, next->fs_base);
        mm_switch_in();
    }
}
