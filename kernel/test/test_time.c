/* test_time.c - guest tests of sleeping, timers, tickless idle, the TSC
 * clock against the CMOS RTC, and the kernel log ring. */
#include <solo/selftest.h>
#include <solo/sched.h>
#include <solo/timer.h>
#include <solo/percpu.h>
#include <solo/arch.h>
#include <solo/console.h>
#include <solo/klog.h>
#include <solo/string.h>

#define MS 1000000ull

/* Under TCG a virtual CPU may be descheduled by the host for a while, so
 * "late" is generous; "early" is never allowed. */
#define LATE_SLACK (150 * MS)

int test_sleep(void)
{
    uint64_t worst = 0;
    int early = 0;
    for (int i = 1; i <= 5; i++) {
        uint64_t want = (uint64_t)i * 10 * MS;
        uint64_t t0 = clock_monotonic_ns();
        sched_sleep_ns(want);
        uint64_t got = clock_monotonic_ns() - t0;
        if (got < want)
            early = 1;
        else if (got - want > worst)
            worst = got - want;
    }
    return selftest_report("sleep", !early && worst < LATE_SLACK,
                           "5 sleeps of 10-50 ms: %s, worst late by %llu us",
                           early ? "one woke early" : "none early", (unsigned long long)(worst / 1000));
}

#define NTIMERS 40

static struct {
    struct timer t;
    uint64_t fired_at;
    int order;
} tm[NTIMERS];
static volatile int fired;

static void on_timer(struct timer *t)
{
    for (int i = 0; i < NTIMERS; i++) {
        if (&tm[i].t == t) {
            tm[i].fired_at = clock_monotonic_ns();
            tm[i].order = __atomic_fetch_add(&fired, 1, __ATOMIC_RELAXED);
        }
    }
}

int test_timers(void)
{
    uint64_t now = clock_monotonic_ns();
    fired = 0;
    /* Deadlines in scrambled order, 2.5 ms apart; timer 7 is cancelled. */
    for (int i = 0; i < NTIMERS; i++) {
        int slot = (i * 17) % NTIMERS;
        timer_init(&tm[slot].t, on_timer);
        tm[slot].fired_at = 0;
        timer_arm(&tm[slot].t, now + 5 * MS + (uint64_t)slot * 2500000ull);
    }
    int cancelled = timer_cancel(&tm[7].t);
    sched_sleep_ns(5 * MS + NTIMERS * 2500000ull + 50 * MS);
    int ok = cancelled && fired == NTIMERS - 1 && tm[7].fired_at == 0;
    int prev = -1;
    for (int i = 0; i < NTIMERS; i++) {
        if (i == 7)
            continue;
        uint64_t deadline = now + 5 * MS + (uint64_t)i * 2500000ull;
        if (tm[i].fired_at < deadline || tm[i].order < prev)
            ok = 0;
        prev = tm[i].order;
    }
    return selftest_report("timers", ok, "%d of %d fired, in deadline order, none early, one cancelled",
                           fired, NTIMERS - 1);
}

int test_idle(void)
{
    /* Everything sleeps for 3 s; tests/guest.sh checks from the host that
     * QEMU used little CPU time meanwhile, i.e. that idle CPUs halt. */
    uint64_t t0 = clock_monotonic_ns();
    kprintf("idle: sleeping 3 s\n");
    sched_sleep_ns(3000 * MS);
    kprintf("idle: awake\n");
    return selftest_report("idle", clock_monotonic_ns() - t0 >= 3000 * MS, "slept 3 s");
}

int test_tickless(void)
{
    /* While everything sleeps, the other CPUs stay halted and take no
     * timer interrupts. */
    uint64_t ticks[MAX_CPUS], idle[MAX_CPUS];
    for (unsigned i = 0; i < ncpus; i++) {
        ticks[i] = cpus[i].ticks;
        idle[i] = sched_idle_ns(&cpus[i]);
    }
    sched_sleep_ns(300 * MS);
    /* Every CPU, this one included: its only timer is the sleep's own. */
    uint64_t most_ticks = 0, least_idle = 300 * MS;
    for (unsigned i = 0; i < ncpus; i++) {
        if (cpus[i].ticks - ticks[i] > most_ticks)
            most_ticks = cpus[i].ticks - ticks[i];
        if (sched_idle_ns(&cpus[i]) - idle[i] < least_idle)
            least_idle = sched_idle_ns(&cpus[i]) - idle[i];
    }
    return selftest_report("tickless", most_ticks <= 2 && least_idle >= 270 * MS,
                           "over 300 ms every CPU took at most %llu timer interrupts and "
                           "was in its idle loop at least %llu ms (that the CPUs really halt "
                           "is checked from the host)",
                           (unsigned long long)most_ticks, (unsigned long long)(least_idle / MS));
}

/* Waits for a change of the RTC's seconds that is seen precisely: the edge
 * lies between the last read that saw the old second and the read that saw
 * the new one, and those two reads (timed from before the first to after
 * the second) must be less than 1 ms apart. Under TCG the host may
 * deschedule the vCPU anywhere in between; such an edge is skipped.
 * Returns the monotonic time of the edge and the new seconds value. */
static uint64_t clean_rtc_edge(unsigned *second)
{
    for (;;) {
        uint64_t last_old = clock_monotonic_ns();
        unsigned old = rtc_read_seconds(), now;
        for (;;) {
            uint64_t t = clock_monotonic_ns();
            now = rtc_read_seconds();
            if (now != old)
                break;
            last_old = t;
        }
        uint64_t at = clock_monotonic_ns();
        if (at - last_old < 1 * MS) {
            *second = now;
            return at;
        }
    }
}

int test_rtc(void)
{
    unsigned s0, s1;
    if (!rtc_present())
        return selftest_report("rtc", 0, "this machine has no RTC to measure against");
    uint64_t t0 = clean_rtc_edge(&s0);
    sched_sleep_ns(1500 * MS);
    uint64_t t1 = clean_rtc_edge(&s1);
    uint64_t seconds = (s1 + 60 - s0) % 60;
    uint64_t elapsed = t1 - t0, want = seconds * 1000 * MS;
    uint64_t err = elapsed > want ? elapsed - want : want - elapsed;
    /* A timer set for 1.5 s after an edge wakes in the middle of a second:
     * the RTC must then read at least the edge's second plus one (never
     * early), and not much more (a busy host may wake the vCPU late). */
    uint64_t t2 = clean_rtc_edge(&s0);
    sched_sleep_ns(t2 + 1500 * MS - clock_monotonic_ns());
    unsigned woke = rtc_read_seconds();
    unsigned after = (woke + 60 - s0) % 60;
    int timer_ok = after == 1 || after == 2;
    /* Both edges are known to 1 ms. QEMU's RTC follows the host's wall
     * clock and TCG's TSC the host's TSC; on this project's loaded hosts
     * (themselves VMs) the two were measured to drift apart by up to 2%
     * over 2 s with clean edges, so the bound is 3%. A wrong calibration
     * (a missed PIT wrap) is off by far more. */
    return selftest_report("rtc", seconds >= 2 && err < want * 3 / 100 && timer_ok,
                           "%llu RTC seconds took %llu.%03llu s of monotonic time; a 1.5 s timer "
                           "after second %u woke in second %u",
                           (unsigned long long)seconds, (unsigned long long)(elapsed / (1000 * MS)),
                           (unsigned long long)(elapsed / MS % 1000), s0, woke);
}

int test_klog(void)
{
    static char buf[4096];
    kprintf("klog-probe-line\n");
    size_t n = klog_read(buf, sizeof buf - 1);
    buf[n] = 0;
    /* The probe must be there, stamped, and the stamps must not go back. */
    int found = 0, ordered = 1;
    uint64_t last = 0;
    for (char *line = buf; line && *line; ) {
        char *end = strchr(line, '\n');
        if (line[0] == '[') {
            uint64_t s = 0, us = 0;
            char *p = line + 1;
            while (*p == ' ')
                p++;
            while (*p >= '0' && *p <= '9')
                s = s * 10 + (uint64_t)(*p++ - '0');
            if (*p == '.')
                for (p++; *p >= '0' && *p <= '9'; p++)
                    us = us * 10 + (uint64_t)(*p - '0');
            uint64_t stamp = s * 1000000 + us;
            if (stamp < last)
                ordered = 0;
            last = stamp;
            if (end && (size_t)(end - line) > 9 && strncmp(end - 15, "klog-probe-line", 15) == 0)
                found = 1;
        }
        line = end ? end + 1 : NULL;
    }
    return selftest_report("klog", found && ordered && last > 0,
                           "ring holds %zu bytes, probe %s, stamps %s", n,
                           found ? "found" : "missing", ordered ? "in order" : "out of order");
}
