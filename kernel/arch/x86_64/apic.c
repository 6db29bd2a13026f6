/* apic.c - the local APIC of each CPU (timer, IPIs, end of interrupt), the
 * I/O APIC, and the legacy 8259 PICs, which are remapped and masked.
 *
 * The APIC timer runs one-shot: timer.c arms it for the next deadline. Its
 * rate is measured against the TSC once at boot.
 */
#include <solo/arch.h>
#include <solo/acpi.h>
#include <solo/mm.h>
#include <solo/klog.h>
#include <solo/panic.h>
#include <solo/timer.h>
#include "cpu.h"

#define LAPIC_ID        0x020
#define LAPIC_EOI       0x0b0
#define LAPIC_SVR       0x0f0
#define LAPIC_ICR_LO    0x300
#define LAPIC_ICR_HI    0x310
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR  0x390
#define LAPIC_TIMER_DIV  0x3e0
#define LVT_MASKED      (1u << 16)
#define ICR_PENDING     (1u << 12)

static volatile uint32_t *lapic;
static uint64_t lapic_ticks_per_ms;

static uint32_t lapic_read(unsigned reg)
{
    return lapic[reg / 4];
}

static void lapic_write(unsigned reg, uint32_t v)
{
    lapic[reg / 4] = v;
}

uint32_t lapic_id(void)
{
    return lapic_read(LAPIC_ID) >> 24;
}

void lapic_eoi(void)
{
    lapic_write(LAPIC_EOI, 0);
}

static void mask_legacy_pic(void)
{
    /* Remap the PICs away from the exception vectors, then mask them. */
    outb(0x20, 0x11); outb(0xa0, 0x11);
    outb(0x21, 0x20); outb(0xa1, 0x28);
    outb(0x21, 0x04); outb(0xa1, 0x02);
    outb(0x21, 0x01); outb(0xa1, 0x01);
    outb(0x21, 0xff); outb(0xa1, 0xff);
}

static void timer_irq(struct trapframe *tf)
{
    (void)tf;
    timer_interrupt();
}

void lapic_init(void)
{
    if (!lapic) {
        uint64_t base = acpi.lapic_addr ? acpi.lapic_addr : (rdmsr(MSR_APIC_BASE) & ~0xfffull);
        lapic = vmm_map_mmio(base, PAGE_SIZE);
        mask_legacy_pic();
        trap_set_handler(VEC_TIMER, timer_irq);
    }
    wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | (1u << 11));   /* global enable */
    lapic_write(LAPIC_SVR, 0x100 | VEC_SPURIOUS);
    lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
    lapic_write(LAPIC_LVT_LINT1, 0x400);     /* NMI: QEMU's monitor `nmi` asks for a dump */
    lapic_write(LAPIC_LVT_ERROR, LVT_MASKED);
    lapic_write(LAPIC_TIMER_DIV, 0x3);                        /* divide by 16 */
    lapic_write(LAPIC_LVT_TIMER, VEC_TIMER);                  /* one-shot */
    lapic_write(LAPIC_TIMER_INIT, 0);
    lapic_write(0x080, 0);                                    /* TPR: accept all */
}

void lapic_timer_calibrate(void)
{
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
    lapic_write(LAPIC_TIMER_INIT, 0xffffffff);
    uint64_t t0 = clock_monotonic_ns();
    udelay(10000);
    uint32_t left = lapic_read(LAPIC_TIMER_CUR);
    uint64_t ns = clock_monotonic_ns() - t0;
    lapic_write(LAPIC_TIMER_INIT, 0);
    lapic_write(LAPIC_LVT_TIMER, VEC_TIMER);
    lapic_ticks_per_ms = (uint64_t)(0xffffffffu - left) * 1000000ull / ns;
    if (lapic_ticks_per_ms == 0)
        panic("APIC timer does not count");
    kprintf("apic: timer %llu kHz\n", (unsigned long long)lapic_ticks_per_ms);
}

void lapic_timer_arm(uint64_t deadline_ns)
{
    if (!deadline_ns) {
        lapic_write(LAPIC_TIMER_INIT, 0);
        return;
    }
    uint64_t now = clock_monotonic_ns();
    uint64_t delta = deadline_ns > now ? deadline_ns - now : 0;
    uint64_t ticks = delta / 1000 * lapic_ticks_per_ms / 1000;
    if (ticks == 0)
        ticks = 1;
    if (ticks > 0xffffffffu)
        ticks = 0xffffffffu;     /* fires early; timer.c re-arms */
    lapic_write(LAPIC_TIMER_INIT, (uint32_t)ticks);
}

static void send_icr(uint32_t apic_id, uint32_t low)
{
    irqflags_t f = irq_save();
    while (lapic_read(LAPIC_ICR_LO) & ICR_PENDING)
        cpu_relax();
    lapic_write(LAPIC_ICR_HI, apic_id << 24);
    lapic_write(LAPIC_ICR_LO, low);
    irq_restore(f);
}

void lapic_send_ipi(uint32_t apic_id, unsigned vector)
{
    send_icr(apic_id, vector);
}

void lapic_send_ipi_others(unsigned vector)
{
    send_icr(0, (3u << 18) | vector);       /* all excluding self */
}

void lapic_init_sipi(uint32_t apic_id, uint8_t page)
{
    send_icr(apic_id, 0x4500);              /* INIT, assert, level */
    udelay(10000);
    for (int i = 0; i < 2; i++) {
        send_icr(apic_id, 0x4600 | page);   /* STARTUP */
        udelay(200);
    }
}

void ioapic_init(void)
{
    if (!acpi.ioapic_addr)
        return;
    volatile uint32_t *io = vmm_map_mmio(acpi.ioapic_addr, PAGE_SIZE);
    io[0] = 1;
    unsigned entries = ((io[4] >> 16) & 0xff) + 1;
    for (unsigned i = 0; i < entries; i++) {
        io[0] = 0x10 + 2 * i;
        io[4] = LVT_MASKED;
        io[0] = 0x10 + 2 * i + 1;
        io[4] = 0;
    }
    kprintf("ioapic: %u inputs, all masked\n", entries);
}
