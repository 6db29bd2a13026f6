/* crash.c - deliberate kernel crashes for the crash-report tests
 * (boot option crash=KIND); each kind has its own function so the report's
 * backtrace can be checked for its name. */
#include <solo/selftest.h>
#include <solo/sched.h>
#include <solo/panic.h>
#include <solo/string.h>

/* Addresses come through a volatile so the compiler cannot see the fault. */
static volatile uintptr_t null_addr = 0x10;
static volatile uintptr_t noncanonical_addr = 0x8000000000000000ull;
static volatile unsigned recursion_limit = ~0u;

static __attribute__((noinline)) void crash_null_deref(void)
{
    (void)*(volatile uint64_t *)null_addr;
}

static __attribute__((noinline)) void crash_invalid_opcode(void)
{
    __asm__ volatile("ud2");
}

static __attribute__((noinline)) void crash_divide(void)
{
    __asm__ volatile("xor %%ecx, %%ecx; div %%ecx" ::: "eax", "ecx", "edx");
}

static __attribute__((noinline)) void crash_noncanonical(void)
{
    (void)*(volatile uint64_t *)noncanonical_addr;
}

static __attribute__((noinline)) unsigned crash_recurse(unsigned depth)
{
    volatile char pad[256];
    pad[0] = (char)depth;
    if (depth == recursion_limit)
        return 0;
    return crash_recurse(depth + 1) + pad[0];
}

static void overflow_thread(void *arg)
{
    (void)arg;
    crash_recurse(0);
}

static __attribute__((noinline)) void crash_stack_overflow(void)
{
    struct thread *t = thread_create("overflow", overflow_thread, NULL);
    if (t)
        thread_join(t);
}

static __attribute__((noinline)) void crash_main_stack_overflow(void)
{
    crash_recurse(0);
}

static __attribute__((noinline)) void crash_panic(void)
{
    panic("deliberate panic from crash=panic");
}

int crash_run(const char *how)
{
    static const struct {
        const char *name;
        void (*fn)(void);
    } kinds[] = {
        { "null", crash_null_deref },
        { "ud", crash_invalid_opcode },
        { "divide", crash_divide },
        { "gp", crash_noncanonical },
        { "stack", crash_stack_overflow },
        { "stack-main", crash_main_stack_overflow },
        { "panic", crash_panic },
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].name, how) == 0)
            kinds[i].fn();
    return -1;
}
