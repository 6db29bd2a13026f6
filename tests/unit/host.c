/* host.c - the shim that lets kernel modules run in host unit tests:
 * spinlocks on host atomics, panic() that a test can catch, a fake direct
 * map, and the PASS/FAIL reporting the test runner reads. */
#include "host.h"
#include <solo/spinlock.h>
#include <solo/panic.h>
#include <solo/format.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

uintptr_t host_direct_map_base;
jmp_buf *panic_catch;
char panic_message[256];

static const char *cur_suite, *cur_name;
static char first_failure[256];
static int case_failed, cases_failed;

void unit_begin(const char *suite, const char *name)
{
    cur_suite = suite;
    cur_name = name;
    case_failed = 0;
    first_failure[0] = 0;
}

void unit_check(int ok, const char *expr, const char *file, int line)
{
    if (ok || case_failed++)
        return;
    snprintf(first_failure, sizeof first_failure, "%s:%d: %s", file, line, expr);
}

void unit_end(void)
{
    if (case_failed) {
        printf("FAIL %s/%s: %s\n", cur_suite, cur_name, first_failure);
        cases_failed++;
    } else {
        printf("PASS %s/%s\n", cur_suite, cur_name);
    }
    fflush(stdout);
}

int unit_exit_status(void)
{
    return cases_failed ? 1 : 0;
}

void *host_arena(size_t bytes)
{
    void *a = aligned_alloc(1 << 22, bytes);
    if (!a) {
        fprintf(stderr, "host_arena: out of memory\n");
        exit(2);
    }
    host_direct_map_base = (uintptr_t)a;
    return a;
}

void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(panic_message, sizeof panic_message, fmt, ap);
    va_end(ap);
    if (panic_catch)
        longjmp(*panic_catch, 1);
    fprintf(stderr, "PANIC: %s\n", panic_message);
    abort();
}

void panic_enter(void)
{
}

irqflags_t irq_save(void)
{
    return 0;
}

void irq_restore(irqflags_t flags)
{
    (void)flags;
}

void spin_init(struct spinlock *l, const char *name)
{
    l->locked = 0;
    l->name = name;
}

void spin_lock(struct spinlock *l)
{
    while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
        ;
}

void spin_unlock(struct spinlock *l)
{
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

irqflags_t spin_lock_irqsave(struct spinlock *l)
{
    spin_lock(l);
    return 0;
}

void spin_unlock_irqrestore(struct spinlock *l, irqflags_t flags)
{
    (void)flags;
    spin_unlock(l);
}

