/* tsc.c - the kernel's clocks. The TSC is the clock source; its frequency
 * comes from, in order: the tsc_khz= boot option, the CPUID frequency leaves
 * (0x15/0x16), the hypervisor timing leaf (0x40000010), or a measurement
 * against the PIT, the HPET or the ACPI PM timer, whichever the machine has
 * (microvm has no PC speaker gate, so the PIT is read on channel 0).
 * Monotonic time is TSC ticks since boot scaled to ns; wall-clock time is
 * the CMOS RTC at boot plus monotonic time.
 */
#include <solo/arch.h>
#include <solo/acpi.h>
#include <solo/cmdline.h>
#include <solo/console.h>
#include <solo/format.h>
#include <solo/klog.h>
#include <solo/mm.h>
#include <solo/panic.h>
#include "cpu.h"

#define PIT_HZ       1193182ull
#define PM_TIMER_HZ  3579545ull

static uint64_t tsc_boot;
static uint64_t tsc_freq_khz;
static uint64_t ns_mult;            /* ns per tick, in 32.32 fixed point */
static uint64_t wall_at_boot_ns;

void clock_mark_boot(void)
{
    tsc_boot = rdtsc();
}

uint64_t tsc_khz(void)
{
    return tsc_freq_khz;
}

uint64_t clock_monotonic_ns(void)
{
    if (!ns_mult)
        return 0;
    return (uint64_t)(((unsigned __int128)(rdtsc() - tsc_boot) * ns_mult) >> 32);
}

uint64_t clock_realtime_ns(void)
{
    return wall_at_boot_ns + clock_monotonic_ns();
}

void udelay(uint64_t us)
{
    uint64_t end = rdtsc() + us * tsc_freq_khz / 1000;
    while (rdtsc() < end)
        cpu_relax();
}

static uint64_t from_cpuid(void)
{
    uint32_t r[4];
    cpuid(0, 0, r);
    uint32_t max = r[0];
    if (max >= 0x15) {
        cpuid(0x15, 0, r);
        if (r[0] && r[1] && r[2])
            return (uint64_t)r[2] * r[1] / r[0] / 1000;
    }
    if (max >= 0x16) {
        cpuid(0x16, 0, r);
        if (r[0] & 0xffff)
            return (uint64_t)(r[0] & 0xffff) * 1000;
    }
    cpuid(1, 0, r);
    if (r[2] & (1u << 31)) {        /* running under a hypervisor */
        cpuid(0x40000000, 0, r);
        if (r[0] >= 0x40000010) {
            cpuid(0x40000010, 0, r);
            if (r[0])
                return r[0];
        }
    }
    return 0;
}

static uint16_t pit_read(void)
{
    outb(0x43, 0x00);               /* latch channel 0 */
    uint8_t lo = inb(0x40);
    return (uint16_t)(lo | (inb(0x40) << 8));
}

/* Counts TSC ticks while PIT channel 0 counts down 11932 (10 ms). */
static uint64_t from_pit(void)
{
    outb(0x43, 0x30);               /* channel 0, lo/hi, mode 0 */
    outb(0x40, 0xff);
    outb(0x40, 0xff);
    uint16_t start = pit_read();
    uint64_t t0 = rdtsc();
    for (int i = 0; pit_read() == start; i++)
        if (i > 100000)
            return 0;               /* no PIT */
    start = pit_read();
    t0 = rdtsc();
    while ((uint16_t)(start - pit_read()) < 11932)
        ;
    uint64_t t1 = rdtsc();
    return (t1 - t0) * PIT_HZ / 11932 / 1000;
}

static uint64_t from_hpet(void)
{
    if (!acpi.hpet_addr)
        return 0;
    volatile uint64_t *hpet = vmm_map_mmio(acpi.hpet_addr, 1024);
    uint64_t period_fs = hpet[0] >> 32;
    if (!period_fs)
        return 0;
    hpet[2] |= 1;                   /* enable the main counter */
    uint64_t want = 10000000000000ull / period_fs;     /* 10 ms */
    uint64_t c0 = hpet[30], t0 = rdtsc();
    while (hpet[30] - c0 < want)
        ;
    uint64_t t1 = rdtsc();
    return (t1 - t0) * 1000000000000ull / (want * period_fs / 1000);
}

static uint64_t from_pm_timer(void)
{
    if (!acpi.pm_timer)
        return 0;
    uint32_t want = (uint32_t)(PM_TIMER_HZ / 100);
    uint32_t c0 = inl((uint16_t)acpi.pm_timer) & 0xffffff;
    uint64_t t0 = rdtsc();
    while (((inl((uint16_t)acpi.pm_timer) - c0) & 0xffffff) < want)
        ;
    return (rdtsc() - t0) * 100 / 1000;
}

void tsc_calibrate(void)
{
    const char *how = "tsc_khz option";
    unsigned long long khz = 0;
    const char *opt = cmdline_get(&boot_cmdline, "tsc_khz");
    if (opt && (kparse_u64(opt, &khz, 0) < 0 || khz == 0)) {
        kprintf("warning: tsc_khz=%s is not a frequency in kHz; measuring instead\n", opt);
        khz = 0;
    }
    if (!khz && (khz = from_cpuid()))
        how = "CPUID";
    if (!khz && (khz = from_pit()))
        how = "PIT";
    if (!khz && (khz = from_hpet()))
        how = "HPET";
    if (!khz && (khz = from_pm_timer()))
        how = "ACPI PM timer";
    if (!khz)
        panic("cannot find the TSC frequency: no PIT, HPET or PM timer; boot with tsc_khz=");
    tsc_freq_khz = khz;
    ns_mult = (1000000ull << 32) / khz;
    kprintf("clock: TSC %llu.%03llu MHz (from %s)\n", khz / 1000, khz % 1000, how);
}

void clock_init_wall(void)
{
    wall_at_boot_ns = rtc_read_epoch() * 1000000000ull - clock_monotonic_ns();
}
