/* selftest.h - in-kernel self-tests (boot option test=) and deliberate
 * crashes (crash=), used by the guest tests in tests/. */
#ifndef SOLO_SELFTEST_H
#define SOLO_SELFTEST_H

/* Runs the named tests ("all" or a comma list); returns how many failed,
 * or -1 when a name is unknown. Each prints "TEST name: PASS|FAIL ...". */
int selftest_run(const char *names);
/* Makes the kernel crash in the named way; returns -1 if the name is unknown. */
int crash_run(const char *how);

/* One line of a test's verdict; fmt says why. Returns 0 for pass, 1 for fail. */
int selftest_report(const char *name, int ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Each test: returns 0 when it passed. */
int test_pages(void);
int test_kmalloc(void);
int test_threads(void);
int test_balance(void);
int test_exit_race(void);
int test_mutex(void);
int test_condvar(void);
int test_preempt(void);
int test_smp(void);
int test_sleep(void);
int test_timers(void);
int test_tickless(void);
int test_idle(void);
int test_rtc(void);
int test_klog(void);

#endif
