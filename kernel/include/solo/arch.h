/* arch.h - the x86-64 pieces the rest of the kernel calls: descriptor tables,
 * traps, the local APIC, inter-processor interrupts, SMP start-up, clocks. */
#ifndef SOLO_ARCH_H
#define SOLO_ARCH_H

#include <stdint.h>
#include <solo/percpu.h>

/* Interrupt vectors. Legacy IRQ n routed through the I/O APIC uses 0x30+n. */
#define VEC_IRQ_BASE    0x30
#define VEC_TIMER       0xe0
#define VEC_RESCHED     0xe1
#define VEC_HALT        0xe2
#define VEC_SPURIOUS    0xff

struct trapframe {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};

void gdt_init_cpu(struct cpu *c);
void idt_init(void);
void idt_load(void);
void trap_set_handler(unsigned vector, void (*fn)(struct trapframe *tf));

void lapic_init(void);              /* on each CPU */
void lapic_eoi(void);
uint32_t lapic_id(void);
void lapic_send_ipi(uint32_t apic_id, unsigned vector);
void lapic_send_ipi_others(unsigned vector);
void lapic_init_sipi(uint32_t apic_id, uint8_t page);
/* Arms the one-shot timer to fire at the monotonic deadline; 0 stops it. */
void lapic_timer_arm(uint64_t deadline_ns);
void lapic_timer_calibrate(void);
void ioapic_init(void);

void smp_boot_aps(void);
/* Runs fn on the stack that ends at top; fn never returns. */
_Noreturn void call_on_stack(void (*fn)(void), void *top);

/* Clocks: the TSC is the clock source, calibrated at boot. */
/* Monotonic time counts from this call, the first thing kmain does. */
void clock_mark_boot(void);
void tsc_calibrate(void);
uint64_t tsc_khz(void);
uint64_t clock_monotonic_ns(void);
/* Wall-clock time in ns since the epoch: the RTC at boot plus monotonic. */
uint64_t clock_realtime_ns(void);
void clock_init_wall(void);
void udelay(uint64_t us);

/* Ring 3: per-CPU setup, and the state switched with each thread. */
struct thread;
void user_init_cpu(void);
void user_switch_to(struct cpu *c, struct thread *next);
/* Leaves the kernel for the app through IRET with this frame. */
_Noreturn void user_enter(struct trapframe *frame);
extern unsigned char smap_enabled;

/* Backtrace from a frame pointer, one line per frame with a symbol name. */
void backtrace_print(uint64_t rbp, uint64_t rip);

#endif
