/* process.c - the system calls about the process and the machine: exit,
 * ids, thread-area setup, resource limits, uname, sysinfo, randomness. */
#include <solo/syscall.h>
#include <solo/process.h>
#include <solo/errno.h>
#include <solo/mm.h>
#include <solo/random.h>
#include <solo/sched.h>
#include <solo/string.h>
#include <solo/uaccess.h>
#include <solo/arch.h>
#include "../arch/x86_64/cpu.h"

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#define RLIMIT_STACK 3
#define RLIMIT_NOFILE 7
#define RLIM_NLIMITS 16
#define RLIM_INFINITY (~0ul)

struct rlimit64 {
    uint64_t cur, max;
};

/* Linux's defaults: no limit but the stack (8 MiB) and open files. */
static struct rlimit64 limits[RLIM_NLIMITS] = {
    { RLIM_INFINITY, RLIM_INFINITY }, { RLIM_INFINITY, RLIM_INFINITY },
    { RLIM_INFINITY, RLIM_INFINITY }, { 8 << 20, RLIM_INFINITY },
    { RLIM_INFINITY, RLIM_INFINITY }, { RLIM_INFINITY, RLIM_INFINITY },
    { RLIM_INFINITY, RLIM_INFINITY }, { FD_MAX, FD_MAX },
    { RLIM_INFINITY, RLIM_INFINITY }, { RLIM_INFINITY, RLIM_INFINITY },
    { RLIM_INFINITY, RLIM_INFINITY }, { RLIM_INFINITY, RLIM_INFINITY },
    { RLIM_INFINITY, RLIM_INFINITY }, { RLIM_INFINITY, RLIM_INFINITY },
    { RLIM_INFINITY, RLIM_INFINITY }, { RLIM_INFINITY, RLIM_INFINITY },
};

static long sys_exit_group(const long *a)
{
    app_exit((int)(a[0] & 0xff));
}

static long sys_getpid(const long *a)
{
    (void)a;
    return APP_PID;
}

static long sys_gettid(const long *a)
{
    (void)a;
    return APP_PID;     /* the main thread's id is the pid */
}

static long sys_getppid(const long *a)
{
    (void)a;
    return 0;
}

static long sys_zero(const long *a)
{
    (void)a;
    return 0;           /* uid, gid and friends: the app runs as root */
}

/* setuid and friends: the app is root and stays root; asking for root (or
 * -1, "unchanged") is fine, asking to become someone else is refused
 * rather than faked. */
static long root_only(const long *a, int n)
{
    for (int i = 0; i < n; i++)
        if ((int)a[i] != 0 && (int)a[i] != -1)
            return -EPERM;
    return 0;
}

static long sys_setuid1(const long *a)
{
    return root_only(a, 1);
}

static long sys_setuid2(const long *a)
{
    return root_only(a, 2);
}

static long sys_setuid3(const long *a)
{
    return root_only(a, 3);
}

static long sys_getresid(const long *a)
{
    unsigned zero = 0;
    for (int i = 0; i < 3; i++)
        if (copy_to_user((void *)a[i], &zero, sizeof zero) < 0)
            return -EFAULT;
    return 0;
}

static long sys_setpgid(const long *a)
{
    int ok = (a[0] == 0 || a[0] == APP_PID) && (a[1] == 0 || a[1] == APP_PID);
    return ok ? 0 : a[0] == 0 || a[0] == APP_PID ? -EPERM : -ESRCH;
}

static long sys_getgroups(const long *a)
{
    (void)a;
    return 0;           /* no supplementary groups */
}

static long sys_setgroups(const long *a)
{
    return a[0] == 0 ? 0 : -EPERM;
}

static long sys_getpgid(const long *a)
{
    return a[0] == 0 || a[0] == APP_PID ? APP_PID : -ESRCH;
}

static long sys_setsid(const long *a)
{
    (void)a;
    return -EPERM;      /* already a session and group leader */
}

struct linux_rusage {
    int64_t utime_sec, utime_usec, stime_sec, stime_usec;
    long maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, oublock;
    long msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};

static long sys_getrusage(const long *a)
{
    if (a[0] != 0 && a[0] != -1 && a[0] != 1)   /* SELF, CHILDREN, THREAD */
        return -EINVAL;
    struct linux_rusage ru;
    memset(&ru, 0, sizeof ru);
    if (a[0] != -1) {
        /* No per-thread CPU accounting yet: user time is time since boot
         * less idle time, spread over the CPUs. */
        uint64_t busy = 0;
        for (unsigned i = 0; i < ncpus; i++) {
            uint64_t idle = sched_idle_ns(&cpus[i]), up = clock_monotonic_ns();
            busy += up > idle ? up - idle : 0;
        }
        ru.utime_sec = (int64_t)(busy / 1000000000ull);
        ru.utime_usec = (int64_t)(busy / 1000 % 1000000);
        ru.maxrss = (long)((pmm_total_pages() - pmm_free_pages()) * 4);
    }
    return copy_to_user((void *)a[1], &ru, sizeof ru);
}

static long sys_arch_prctl(const long *a)
{
    struct thread *t = thread_current();
    switch (a[0]) {
    case ARCH_SET_FS:
        if ((uint64_t)a[1] >= USER_TOP)
            return -EPERM;
        t->fs_base = (uint64_t)a[1];
        wrmsr(MSR_FS_BASE, t->fs_base);
        return 0;
    case ARCH_GET_FS:
        return copy_to_user((void *)a[1], &t->fs_base, sizeof t->fs_base);
    default:
        return -EINVAL;
    }
}

/* Both are recorded for the thread's exit; with one thread and no other
 * process nothing reads them before the threads issue. */
static long sys_set_tid_address(const long *a)
{
    thread_current()->clear_child_tid = (uint64_t)a[0];
    return APP_PID;
}

static long sys_set_robust_list(const long *a)
{
    if (a[1] != 24)             /* sizeof(struct robust_list_head) */
        return -EINVAL;
    thread_current()->robust_list = (uint64_t)a[0];
    return 0;
}

static long sys_prlimit64(const long *a)
{
    unsigned res = (unsigned)a[1];
    if (a[0] != 0 && a[0] != APP_PID)
        return -ESRCH;
    if (res >= RLIM_NLIMITS)
        return -EINVAL;
    struct rlimit64 old = limits[res], new;
    if (a[2]) {
        if (copy_from_user(&new, (void *)a[2], sizeof new) < 0)
            return -EFAULT;
        if (new.cur > new.max)
            return -EINVAL;
    }
    if (a[3] && copy_to_user((void *)a[3], &old, sizeof old) < 0)
        return -EFAULT;
    if (a[2])
        limits[res] = new;
    return 0;
}

static long sys_getrlimit(const long *a)
{
    long args[4] = { 0, a[0], 0, a[1] };
    return sys_prlimit64(args);
}

static long sys_setrlimit(const long *a)
{
    long args[4] = { 0, a[0], a[1], 0 };
    return sys_prlimit64(args);
}

static long sys_uname(const long *a)
{
    char u[6][65];
    memset(u, 0, sizeof u);
    strlcpy(u[0], "Linux", 65);
    strlcpy(u[1], "solo", 65);
    strlcpy(u[2], "6.1.0-solo", 65);        /* glibc checks the kernel version */
    strlcpy(u[3], "#1 SMP Solo " SOLO_VERSION, 65);
    strlcpy(u[4], "x86_64", 65);
    strlcpy(u[5], "(none)", 65);
    return copy_to_user((void *)a[0], u, sizeof u);
}

static long sys_getrandom(const long *a)
{
    char buf[256];
    size_t len = (size_t)a[1], done = 0;
    if (a[2] & ~7)
        return -EINVAL;
    while (done < len) {
        size_t n = len - done < sizeof buf ? len - done : sizeof buf;
        random_bytes(buf, n);
        if (copy_to_user((char *)a[0] + done, buf, n) < 0)
            return done ? (long)done : -EFAULT;
        done += n;
    }
    return (long)done;
}

static long sys_sched_yield(const long *a)
{
    (void)a;
    sched_yield();
    return 0;
}

static long sys_sched_getaffinity(const long *a)
{
    size_t size = (size_t)a[1];
    if (size < 8 || (size & 7))
        return -EINVAL;
    uint64_t mask[MAX_CPUS / 64] = { 0 };
    for (unsigned i = 0; i < ncpus; i++)
        mask[i / 64] |= 1ull << (i % 64);
    size_t n = size < sizeof mask ? size : sizeof mask;
    if (clear_user((void *)a[2], size) < 0 || copy_to_user((void *)a[2], mask, n) < 0)
        return -EFAULT;
    return (long)n;
}

struct linux_sysinfo {
    long uptime;
    unsigned long loads[3];
    unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    unsigned short procs, pad;
    unsigned long totalhigh, freehigh;
    unsigned mem_unit;
    char reserved[4];
};

static long sys_sysinfo(const long *a)
{
    struct linux_sysinfo si;
    memset(&si, 0, sizeof si);
    si.uptime = (long)(clock_monotonic_ns() / 1000000000ull);
    si.totalram = pmm_total_pages() * PAGE_SIZE;
    si.freeram = pmm_free_pages() * PAGE_SIZE;
    si.procs = (unsigned short)sched_thread_count();
    si.mem_unit = 1;
    return copy_to_user((void *)a[0], &si, sizeof si);
}

static const struct syscall_desc calls[] = {
    { 24, "sched_yield", sys_sched_yield, "" },
    { 39, "getpid", sys_getpid, "" },
    { 60, "exit", sys_exit_group, "d" },
    { 63, "uname", sys_uname, "p" },
    { 97, "getrlimit", sys_getrlimit, "dp" },
    { 99, "sysinfo", sys_sysinfo, "p" },
    { 98, "getrusage", sys_getrusage, "dp" },
    { 102, "getuid", sys_zero, "" },
    { 105, "setuid", sys_setuid1, "d" },
    { 106, "setgid", sys_setuid1, "d" },
    { 109, "setpgid", sys_setpgid, "dd" },
    { 111, "getpgrp", sys_getpid, "" },
    { 112, "setsid", sys_setsid, "" },
    { 113, "setreuid", sys_setuid2, "dd" },
    { 114, "setregid", sys_setuid2, "dd" },
    { 115, "getgroups", sys_getgroups, "dp" },
    { 116, "setgroups", sys_setgroups, "dp" },
    { 117, "setresuid", sys_setuid3, "ddd" },
    { 118, "getresuid", sys_getresid, "ppp" },
    { 119, "setresgid", sys_setuid3, "ddd" },
    { 120, "getresgid", sys_getresid, "ppp" },
    { 121, "getpgid", sys_getpgid, "d" },
    { 124, "getsid", sys_getpgid, "d" },
    { 104, "getgid", sys_zero, "" },
    { 107, "geteuid", sys_zero, "" },
    { 108, "getegid", sys_zero, "" },
    { 110, "getppid", sys_getppid, "" },
    { 160, "setrlimit", sys_setrlimit, "dp" },
    { 158, "arch_prctl", sys_arch_prctl, "xp" },
    { 186, "gettid", sys_gettid, "" },
    { 204, "sched_getaffinity", sys_sched_getaffinity, "dup" },
    { 218, "set_tid_address", sys_set_tid_address, "p" },
    { 231, "exit_group", sys_exit_group, "d" },
    { 273, "set_robust_list", sys_set_robust_list, "pu" },
    { 302, "prlimit64", sys_prlimit64, "ddpp" },
    { 318, "getrandom", sys_getrandom, "pux" },
};

const struct syscall_area syscalls_process = { calls, sizeof calls / sizeof calls[0] };
