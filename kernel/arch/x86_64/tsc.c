/* tsc.c - the kernel's clocks. The TSC is the clock source; its frequency
 * comes from, in order: the tsc_khz= boot option, the CPUID frequency leaves
 * (0x15/0x16), the hypervisor timing leaf (0x40000010), or a measurement
 * against the HPET, the ACPI PM timer or the PIT, whichever the machine has
 * (microvm has only the PIT, and no PC speaker gate, so channel 0 is read).
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

/* A reference counter the TSC is measured against. */
struct refclock {
    uint64_t (*read)(void);     /* counts up */
    uint64_t hz;
    uint64_t mask;              /* its width: it wraps at mask + 1 */
};

/* One 5 ms window of the reference against the TSC, in kHz; 0 when the
 * window is spoiled. A narrow counter (the PIT wraps every 55 ms) could
 * wrap unseen while the host deschedules the vCPU, so any gap between two
 * reads over 0.2 ms discards the window. */
static uint64_t measure_window(const struct refclock *r)
{
    uint64_t want = r->hz / 200, max_step = r->hz / 5000;
    uint64_t start = r->read(), prev = start, now, elapsed;
    uint64_t t0 = rdtsc();
    do {
        now = r->read();
        if (((now - prev) & r->mask) > max_step)
            return 0;
        prev = now;
        elapsed = (now - start) & r->mask;
    } while (elapsed < want);
    uint64_t ticks = rdtsc() - t0;
    return ticks * (r->hz / 1000) / elapsed;
}

/* The smallest of five good windows. Every error left inflates a window's
 * TSC count: a vCPU descheduled just before the first or after the last
 * read of the reference, or the first run of the loop paying for its
 * translation under TCG. So the smallest count is the truest. */
static uint64_t measure(const struct refclock *r)
{
    uint64_t best = 0;
    for (int tries = 0, good = 0; good < 5 && tries < 200; tries++) {
        uint64_t khz = measure_window(r);
        if (khz) {
            good++;
            if (!best || khz < best)
                best = khz;
        }
    }
    return best;
}

static uint64_t pit_read(void)
{
    outb(0x43, 0x00);               /* latch channel 0 */
    uint8_t lo = inb(0x40);
    return (uint16_t)(0 - (lo | (inb(0x40) << 8)));     /* it counts down */
}

static uint64_t from_pit(void)
{
    outb(0x43, 0x30);               /* channel 0, lo/hi, mode 0 */
    outb(0x40, 0xff);
    outb(0x40, 0xff);
    uint64_t first = pit_read();
    for (int i = 0; pit_read() == first; i++)
        if (i > 100000)
            return 0;               /* the counter does not move: no PIT */
    struct refclock pit = { pit_read, PIT_HZ, 0xffff };
    return measure(&pit);
}

static volatile uint64_t *hpet;

static uint64_t hpet_read(void)
{
    return hpet[30];
}

static uint64_t from_hpet(void)
{
    if (!acpi.hpet_addr)
        return 0;
    hpet = vmm_map_mmio(acpi.hpet_addr, 1024);
    uint64_t period_fs = hpet[0] >> 32;
    if (!period_fs)
        return 0;
    hpet[2] |= 1;                   /* enable the main counter */
    struct refclock r = { hpet_read, 1000000000000000ull / period_fs, ~0ull };
    return measure(&r);
}

static uint64_t pm_timer_read(void)
{
    return inl((uint16_t)acpi.pm_timer);
}

static uint64_t from_pm_timer(void)
{
    if (!acpi.pm_timer)
        return 0;
    struct refclock r = { pm_timer_read, PM_TIMER_HZ, 0xffffff };
    return measure(&r);
}

void tsc_calibrate(void)
{
    const char *how = "tsc_khz option";
    unsigned long long khz = 0;
    const char *opt = cmdline_get(&boot_cmdline, "tsc_khz");
    if (opt && (kparse_u64(opt, &khz, 0) < 0 || khz < 100000 || khz > 20000000)) {
        kprintf("warning: tsc_khz=%s is not a frequency in kHz between 100000 and 20000000; "
                "measuring instead\n", opt);
        khz = 0;
    }
    if (!khz && (khz = from_cpuid()))
        how = "CPUID";
    /* The HPET and PM timer cannot wrap unseen; the PIT comes last. */
    if (!khz && (khz = from_hpet()))
        how = "HPET";
    if (!khz && (khz = from_pm_timer()))
        how = "ACPI PM timer";
    if (!khz && (khz = from_pit()))
        how = "PIT";
    if (!khz)
        panic("cannot find the TSC frequency: no PIT, HPET or PM timer; boot with tsc_khz=");
    tsc_freq_khz = khz;
    ns_mult = (1000000ull << 32) / khz;
    kprintf("clock: TSC %llu.%03llu MHz (from %s)\n", khz / 1000, khz % 1000, how);
}

void clock_init_wall(void)
{
    if (!rtc_present())
        kprintf("warning: no real-time clock: wall time starts at the epoch\n");
    wall_at_boot_ns = rtc_read_epoch() * 1000000000ull - clock_monotonic_ns();
}
