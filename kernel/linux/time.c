/* time.c - the clock system calls: clock_gettime, clock_getres,
 * gettimeofday, time, nanosleep, clock_nanosleep. */
#include <solo/syscall.h>
#include <solo/arch.h>
#include <solo/errno.h>
#include <solo/sched.h>
#include <solo/uaccess.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define TIMER_ABSTIME 1

struct ts {
    int64_t sec, nsec;
};

/* The clock's time in ns, or -EINVAL for an unknown clock. CPU-time clocks
 * read the monotonic clock until per-thread accounting exists. */
static long clock_now(long id, uint64_t *ns)
{
    switch (id) {
    case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE:
        *ns = clock_realtime_ns();
        return 0;
    case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME: case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID:
        *ns = clock_monotonic_ns();
        return 0;
    default:
        return -EINVAL;
    }
}

static long sys_clock_gettime(const long *a)
{
    uint64_t ns;
    long r = clock_now(a[0], &ns);
    if (r < 0)
        return r;
    struct ts t = { (int64_t)(ns / 1000000000ull), (int64_t)(ns % 1000000000ull) };
    return copy_to_user((void *)a[1], &t, sizeof t);
}

static long sys_clock_getres(const long *a)
{
    uint64_t ns;
    long r = clock_now(a[0], &ns);
    if (r < 0 || !a[1])
        return r;
    struct ts t = { 0, 1 };
    return copy_to_user((void *)a[1], &t, sizeof t);
}

static long sys_gettimeofday(const long *a)
{
    uint64_t ns = clock_realtime_ns();
    struct { int64_t sec, usec; } tv = { (int64_t)(ns / 1000000000ull), (int64_t)(ns / 1000 % 1000000) };
    if (a[0] && copy_to_user((void *)a[0], &tv, sizeof tv) < 0)
        return -EFAULT;
    if (a[1]) {
        int tz[2] = { 0, 0 };
        if (copy_to_user((void *)a[1], tz, sizeof tz) < 0)
            return -EFAULT;
    }
    return 0;
}

static long sys_time(const long *a)
{
    int64_t s = (int64_t)(clock_realtime_ns() / 1000000000ull);
    if (a[0] && copy_to_user((void *)a[0], &s, sizeof s) < 0)
        return -EFAULT;
    return s;
}

static long sleep_until(long clock, const struct ts *req, int absolute)
{
    if (req->nsec < 0 || req->nsec >= 1000000000 || req->sec < 0)
        return -EINVAL;
    uint64_t now;
    long r = clock_now(clock, &now);
    if (r < 0)
        return r;
    uint64_t t = (uint64_t)req->sec * 1000000000ull + (uint64_t)req->nsec;
    uint64_t wait = absolute ? (t > now ? t - now : 0) : t;
    if (wait)
        sched_sleep_ns(wait);
    return 0;
}

static long sys_nanosleep(const long *a)
{
    struct ts req;
    if (copy_from_user(&req, (void *)a[0], sizeof req) < 0)
        return -EFAULT;
    return sleep_until(CLOCK_MONOTONIC, &req, 0);
}

static long sys_clock_nanosleep(const long *a)
{
    struct ts req;
    if (a[0] == CLOCK_THREAD_CPUTIME_ID)
        return -EINVAL;
    if (copy_from_user(&req, (void *)a[2], sizeof req) < 0)
        return -EFAULT;
    return sleep_until(a[0], &req, a[1] & TIMER_ABSTIME);
}

static const struct syscall_desc calls[] = {
    { 35, "nanosleep", sys_nanosleep, "pp" },
    { 96, "gettimeofday", sys_gettimeofday, "pp" },
    { 201, "time", sys_time, "p" },
    { 228, "clock_gettime", sys_clock_gettime, "dp" },
    { 229, "clock_getres", sys_clock_getres, "dp" },
    { 230, "clock_nanosleep", sys_clock_nanosleep, "dxpp" },
};

const struct syscall_area syscalls_time = { calls, sizeof calls / sizeof calls[0] };
