/* trap.c - the IDT and the dispatch of every interrupt and exception.
 *
 * isr.S saves the registers as a struct trapframe and calls trap_handler().
 * Device and IPI vectors go to the handler registered for them. A CPU
 * exception in the kernel is a crash: the report names the exception, the
 * error code, every register, CR2 and a backtrace with function names, then
 * the VM powers off with a status that says which kind of crash it was.
 */
#include <solo/arch.h>
#include <solo/klog.h>
#include <solo/panic.h>
#include <solo/power.h>
#include <solo/ksyms.h>
#include <solo/mm.h>
#include <solo/sched.h>
#include <solo/process.h>
#include <solo/uaccess.h>
#include <solo/errno.h>
#include "cpu.h"

struct idt_entry {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, zero;
} __attribute__((packed));

extern char isr_stubs[];
static struct idt_entry idt[256] __attribute__((aligned(16)));
static void (*handlers[256])(struct trapframe *tf);

static const char *const exception_names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
    "invalid opcode", "device not available", "double fault", "coprocessor overrun",
    "invalid TSS", "segment not present", "stack fault", "general protection",
    "page fault", "reserved", "x87 FPU error", "alignment check", "machine check",
    "SIMD FP error", "virtualization", "control protection", "reserved", "reserved",
    "reserved", "reserved", "reserved", "reserved", "hypervisor injection",
    "VMM communication", "security", "reserved",
};

static void set_gate(unsigned vec, unsigned ist)
{
    uint64_t addr = (uint64_t)isr_stubs + 16 * vec;
    idt[vec] = (struct idt_entry){
        .off_lo = (uint16_t)addr, .sel = 0x08, .ist = (uint8_t)ist, .type = 0x8e,
        .off_mid = (uint16_t)(addr >> 16), .off_hi = (uint32_t)(addr >> 32), .zero = 0,
    };
}

void idt_load(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) d = { sizeof idt - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" :: "m"(d));
}

void idt_init(void)
{
    for (unsigned v = 0; v < 256; v++)
        set_gate(v, 0);
    set_gate(8, 1);     /* double fault: IST1 */
    set_gate(2, 2);     /* NMI: IST2 */
    set_gate(18, 3);    /* machine check: IST3 */
    idt_load();
}

void trap_set_handler(unsigned vector, void (*fn)(struct trapframe *tf))
{
    handlers[vector] = fn;
}

/* Reads one word only where the page tables say it is mapped, so a broken
 * frame chain cannot fault inside a crash report. */
static int read_word(uint64_t addr, uint64_t *out)
{
    if ((addr & 7) || addr < DIRECT_MAP_BASE || !vmm_lookup(addr))
        return 0;
    *out = *(const uint64_t *)addr;
    return 1;
}

static void print_location(const char *prefix, uint64_t addr)
{
    uint64_t off;
    const char *name = ksyms_lookup(addr, &off);
    if (name)
        kprintf_raw("%s%016llx %s+%#llx\n", prefix, (unsigned long long)addr, name,
                    (unsigned long long)off);
    else
        kprintf_raw("%s%016llx ?\n", prefix, (unsigned long long)addr);
}

void backtrace_print(uint64_t rbp, uint64_t rip)
{
    kprintf_raw("backtrace:\n");
    print_location("  ", rip);
    uint64_t last = 0, repeats = 0;
    for (int depth = 0; depth < 4096 && rbp; depth++) {
        uint64_t next, ret;
        if (!read_word(rbp, &next) || !read_word(rbp + 8, &ret) || !ret)
            break;
        if (ret == last) {
            repeats++;      /* deep recursion: one line for the run */
        } else {
            if (repeats)
                kprintf_raw("  ... the frame above %llu more times\n", (unsigned long long)repeats);
            repeats = 0;
            print_location("  ", ret - 1);
        }
        last = ret;
        if (next <= rbp)
            break;
        rbp = next;
    }
    if (repeats)
        kprintf_raw("  ... the frame above %llu more times\n", (unsigned long long)repeats);
}

static void dump_registers(const struct trapframe *tf)
{
    kprintf_raw("RIP %016llx  CS %04llx  RFLAGS %016llx\n",
                (unsigned long long)tf->rip, (unsigned long long)tf->cs,
                (unsigned long long)tf->rflags);
    kprintf_raw("RSP %016llx  SS %04llx  CR2 %016llx  CR3 %016llx\n",
                (unsigned long long)tf->rsp, (unsigned long long)tf->ss,
                (unsigned long long)read_cr2(), (unsigned long long)read_cr3());
    kprintf_raw("RAX %016llx  RBX %016llx  RCX %016llx  RDX %016llx\n",
                (unsigned long long)tf->rax, (unsigned long long)tf->rbx,
                (unsigned long long)tf->rcx, (unsigned long long)tf->rdx);
    kprintf_raw("RSI %016llx  RDI %016llx  RBP %016llx  R8  %016llx\n",
                (unsigned long long)tf->rsi, (unsigned long long)tf->rdi,
                (unsigned long long)tf->rbp, (unsigned long long)tf->r8);
    kprintf_raw("R9  %016llx  R10 %016llx  R11 %016llx  R12 %016llx\n",
                (unsigned long long)tf->r9, (unsigned long long)tf->r10,
                (unsigned long long)tf->r11, (unsigned long long)tf->r12);
    kprintf_raw("R13 %016llx  R14 %016llx  R15 %016llx\n",
                (unsigned long long)tf->r13, (unsigned long long)tf->r14,
                (unsigned long long)tf->r15);
}

static _Noreturn void crash(struct trapframe *tf)
{
    unsigned vec = (unsigned)tf->vector;
    uint64_t cr2 = read_cr2();
    panic_enter();
    struct thread *t = ncpus ? this_cpu()->current : NULL;
    kprintf_raw("\nKERNEL CRASH: %s (vector %u, error code %#llx) on cpu %u, thread %s\n",
                exception_names[vec], vec, (unsigned long long)tf->error,
                ncpus ? this_cpu()->id : 0, t ? t->name : "boot");
    if (vec == 8 && kstack_is_guard(tf->rsp - 8))
        kprintf_raw("kernel stack overflow: RSP %016llx is in a stack guard page\n",
                    (unsigned long long)tf->rsp);
    else if (vec == 14)
        kprintf_raw("page fault at %016llx: %s, %s, %s\n", (unsigned long long)cr2,
                    tf->error & 1 ? "protection violation" : "page not present",
                    tf->error & 2 ? "write" : tf->error & 16 ? "instruction fetch" : "read",
                    tf->error & 4 ? "user mode" : "kernel mode");
    print_location("at ", tf->rip);
    uint64_t ret, off;
    if (!ksyms_lookup(tf->rip, &off) && read_word(tf->rsp, &ret))
        print_location("jumped there from around ", ret - 1);     /* a bad call */
    dump_registers(tf);
    backtrace_print(tf->rbp, tf->rip);
    power_off(vec == 8 ? EXIT_DOUBLE_FAULT : vec == 2 || vec == 18 ? EXIT_MACHINE : EXIT_EXCEPTION);
}

#define SIGILL 4
#define SIGTRAP 5
#define SIGBUS 7
#define SIGFPE 8
#define SIGSEGV 11

/* A fault in the app with no handler: report it and end the VM with the
 * status a shell gives a process killed by the signal. */
static _Noreturn void app_killed(struct trapframe *tf, int sig, const char *what, uint64_t addr)
{
    static const char *const names[] = {
        [SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGBUS] = "SIGBUS",
        [SIGFPE] = "SIGFPE", [SIGSEGV] = "SIGSEGV",
    };
    kprintf_raw("\nsolo: the app was killed by %s: %s at %016llx\n", names[sig], what,
                (unsigned long long)addr);
    dump_registers(tf);
    app_exit(128 + sig);
}

/* Demand paging for the app, and the fixups of the uaccess routines.
 * Returns 1 when handled. */
static int page_fault(struct trapframe *tf)
{
    uint64_t addr = read_cr2();
    int user = (tf->cs & 3) != 0;
    uint64_t fixup = user ? 0 : uaccess_fixup(tf->rip);
    if (!user && !fixup)
        return 0;
    if (addr < USER_TOP && app.mm) {
        if (tf->rflags & RFLAGS_IF)
            sti();      /* filling a page may sleep */
        int err = mm_fault(app.mm, addr, (tf->error & 2) != 0, (tf->error & 16) != 0);
        cli();
        if (err == 0)
            return 1;
        if (user)
            app_killed(tf, err == -EIO ? SIGBUS : SIGSEGV,
                       err == -EIO ? "access beyond the end of a mapped file" :
                       tf->error & 1 ? "access not allowed by the mapping" : "no mapping", addr);
    }
    if (user)
        app_killed(tf, SIGSEGV, "kernel address", addr);
    tf->rip = fixup;
    return 1;
}

static void user_exception(struct trapframe *tf)
{
    unsigned vec = (unsigned)tf->vector;
    int sig = vec == 0 || vec == 16 || vec == 19 ? SIGFPE : vec == 6 ? SIGILL
            : vec == 1 || vec == 3 ? SIGTRAP : SIGSEGV;
    app_killed(tf, sig, exception_names[vec], tf->rip);
}

static void halt_ipi(struct trapframe *tf)
{
    (void)tf;
    cli();
    for (;;)
        hlt();
}

/* An NMI from outside (QEMU's monitor command `nmi`, a watchdog) asks for
 * a report of what every CPU runs; the CPUs take turns, and CPU 0 also
 * lists every thread. Then they carry on. */
static void nmi_dump(struct trapframe *tf)
{
    static volatile unsigned turn;
    unsigned me = ncpus ? this_cpu()->id : 0;
    for (uint64_t spins = 0; turn != me && spins < 100000000ull; spins++)
        cpu_relax();
    kprintf_raw("\nNMI on cpu %u: running %s\n", me,
                ncpus && this_cpu()->current ? this_cpu()->current->name : "boot");
    print_location("at ", tf->rip);
    backtrace_print(tf->rbp, tf->rip);
    if (me + 1 >= ncpus)
        sched_dump_threads();
    turn = me + 1 >= ncpus ? 0 : me + 1;
}

void trap_handler(struct trapframe *tf)
{
    unsigned vec = (unsigned)tf->vector;
    if (vec == 2) {
        nmi_dump(tf);
        return;
    }
    if (vec == 14 && page_fault(tf))
        return;
    if (vec < 32 && (tf->cs & 3) && vec != 2 && vec != 18)
        user_exception(tf);
    if (vec < 32)
        crash(tf);
    struct cpu *c = this_cpu();
    c->irqs++;
    if (vec == VEC_HALT)
        halt_ipi(tf);
    if (handlers[vec])
        handlers[vec](tf);
    else if (vec != VEC_SPURIOUS)
        kprintf("trap: unexpected interrupt vector %u on cpu %u\n", vec, c->id);
    if (vec != VEC_SPURIOUS)
        lapic_eoi();
    if (c->need_resched && c->current)
        sched_preempt();
}
