/* gdt.c - each CPU's GDT and TSS. The TSS holds the IST stacks, so a double
 * fault (IST1), an NMI (IST2) or a machine check (IST3) always has a good
 * stack, even when the kernel stack overflowed. The selector layout already
 * fits SYSCALL/SYSRET for the app (later issues). */
#include <solo/arch.h>
#include <solo/mm.h>
#include <solo/panic.h>
#include <solo/string.h>
#include "cpu.h"

#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_TSS   0x30

struct dtr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static void set_tss_descriptor(struct cpu *c)
{
    uint64_t base = (uint64_t)&c->tss;
    uint64_t limit = sizeof c->tss - 1;
    c->gdt[6] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40)
              | (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    c->gdt[7] = base >> 32;
}

static void load(struct cpu *c)
{
    struct dtr d = { sizeof c->gdt - 1, (uint64_t)c->gdt };
    __asm__ volatile(
        "lgdt %0\n"
        "pushq %1\n"
        "leaq 1f(%%rip), %%rax\n"
        "pushq %%rax\n"
        "lretq\n"
        "1:\n"
        "mov %2, %%ds\n"
        "mov %2, %%es\n"
        "mov %2, %%ss\n"
        "mov %2, %%fs\n"
        "mov %2, %%gs\n"
        "ltr %w3\n"
        :: "m"(d), "i"(SEL_KCODE), "r"(SEL_KDATA), "r"(SEL_TSS) : "rax", "memory");
    wrmsr(MSR_GS_BASE, (uint64_t)c);
}

void gdt_init_cpu(struct cpu *c)
{
    c->gdt[0] = 0;
    c->gdt[1] = 0x00af9a000000ffffull;     /* kernel code, 64-bit */
    c->gdt[2] = 0x00cf92000000ffffull;     /* kernel data */
    c->gdt[3] = 0x00cffa000000ffffull;     /* user code, 32-bit (SYSRET layout) */
    c->gdt[4] = 0x00cff2000000ffffull;     /* user data */
    c->gdt[5] = 0x00affa000000ffffull;     /* user code, 64-bit */
    memset(&c->tss, 0, sizeof c->tss);
    for (int i = 0; i < 3; i++) {
        if (!c->ist_stacks[i])
            c->ist_stacks[i] = kmalloc(IST_STACK_SIZE);
        if (!c->ist_stacks[i])
            panic("no memory for the IST stacks of cpu %u", c->id);
        c->tss.ist[i] = (uint64_t)c->ist_stacks[i] + IST_STACK_SIZE;
    }
    c->tss.iomap_base = sizeof c->tss;
    set_tss_descriptor(c);
    c->self = c;
    load(c);
    /* Machine checks raise #MC (reported, status 124) instead of shutting
     * the machine down without a word. */
    uint32_t r[4];
    cpuid(1, 0, r);
    if (r[3] & (1u << 7))
        write_cr4(read_cr4() | (1u << 6));
}
