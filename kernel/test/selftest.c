/* selftest.c - runs the in-kernel self-tests named by the test= boot option
 * and reports each as "TEST name: PASS|FAIL detail" for tests/run.sh. */
#include <solo/selftest.h>
#include <solo/klog.h>
#include <solo/format.h>
#include <solo/string.h>
#include <solo/sched.h>
#include <solo/percpu.h>
#include <stdarg.h>

struct selftest {
    const char *name;
    int (*fn)(void);
};

static const struct selftest tests[] = {
    { "pages", test_pages },
    { "kmalloc", test_kmalloc },
    { "threads", test_threads },
    { "balance", test_balance },
    { "exit-race", test_exit_race },
    { "mutex", test_mutex },
    { "condvar", test_condvar },
    { "preempt", test_preempt },
    { "smp", test_smp },
    { "sleep", test_sleep },
    { "timers", test_timers },
    { "tickless", test_tickless },
    { "idle", test_idle },
    { "rtc", test_rtc },
    { "klog", test_klog },
};
#define NTESTS (sizeof tests / sizeof tests[0])

int selftest_report(const char *name, int ok, const char *fmt, ...)
{
    char buf[200];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    kprintf("TEST %s: %s %s\n", name, ok ? "PASS" : "FAIL", buf);
    return ok ? 0 : 1;
}

static const struct selftest *find(const char *name, size_t len)
{
    for (size_t i = 0; i < NTESTS; i++)
        if (strlen(tests[i].name) == len && strncmp(tests[i].name, name, len) == 0)
            return &tests[i];
    return NULL;
}

int selftest_run(const char *names)
{
    int failed = 0;
    size_t len = strlen(names);
    if (!names[0] || names[0] == ',' || names[len - 1] == ',') {
        kprintf("error: test= names no test (use test=all or a comma list)\n");
        return -1;
    }
    if (strcmp(names, "all") == 0) {
        for (size_t i = 0; i < NTESTS; i++)
            if (tests[i].fn != test_idle)   /* 3 s for a host-side check only */
                failed += tests[i].fn() != 0;
    } else {
        for (const char *p = names; *p; ) {
            const char *end = strchr(p, ',');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            const struct selftest *t = find(p, len);
            if (!t || len == 0) {
                kprintf("error: test=%s: no self-test by that name\n", names);
                return -1;
            }
            failed += t->fn() != 0;
            p += len + (end ? 1 : 0);
        }
    }
    for (unsigned i = 0; i < ncpus; i++)
        kprintf("cpu%u: %llu interrupts, %llu timer, %llu switches, halted %llu ms\n", i,
                (unsigned long long)cpus[i].irqs, (unsigned long long)cpus[i].ticks,
                (unsigned long long)cpus[i].switches,
                (unsigned long long)(sched_idle_ns(&cpus[i]) / 1000000));
    kprintf("selftest: %d failed\n", failed);
    return failed;
}
