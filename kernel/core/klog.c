/* klog.c - the kernel log. Each line gets a "[seconds.micros] " stamp since
 * boot, is written to the console and kept in a ring buffer of KLOG_SIZE
 * bytes (the oldest text is overwritten). One lock keeps lines whole when
 * several CPUs print at once. */
#include <solo/klog.h>
#include <solo/format.h>
#include <solo/spinlock.h>
#include <solo/param.h>
#include <stdarg.h>
#include <stdbool.h>

static char ring[KLOG_SIZE];
static uint64_t ring_head;              /* bytes ever written */
static bool at_line_start = true;
static struct spinlock klog_lock = SPINLOCK_INIT("klog");
static void (*console_write)(const char *s, size_t n);
static uint64_t (*clock_now)(void);

void klog_set_console(void (*write)(const char *s, size_t n))
{
    console_write = write;
}

void klog_set_clock(uint64_t (*now_ns)(void))
{
    clock_now = now_ns;
}

static void emit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ring[(ring_head + i) % KLOG_SIZE] = s[i];
    ring_head += n;
    if (console_write)
        console_write(s, n);
}

static void emit_stamp(void)
{
    char stamp[32];
    uint64_t ns = clock_now ? clock_now() : 0;
    int n = ksnprintf(stamp, sizeof stamp, "[%5llu.%06llu] ",
                      (unsigned long long)(ns / 1000000000ull),
                      (unsigned long long)(ns / 1000ull % 1000000ull));
    emit(stamp, (size_t)n);
}

static void log_text(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (at_line_start)
            emit_stamp();
        size_t j = i;
        while (j < n && s[j] != '\n')
            j++;
        if (j < n)
            j++;
        emit(s + i, j - i);
        at_line_start = s[j - 1] == '\n';
        i = j;
    }
}

void kprintf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof buf) {
        /* Cut: end the line so the next one starts on its own. */
        n = sizeof buf - 1;
        buf[n - 1] = '\n';
    }
    irqflags_t f = spin_lock_irqsave(&klog_lock);
    log_text(buf, (size_t)n);
    spin_unlock_irqrestore(&klog_lock, f);
}

void kprintf_raw(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof buf)
        n = sizeof buf - 1;
    if (console_write)
        console_write(buf, (size_t)n);
}

size_t klog_read(char *buf, size_t size)
{
    irqflags_t f = spin_lock_irqsave(&klog_lock);
    uint64_t avail = ring_head < KLOG_SIZE ? ring_head : KLOG_SIZE;
    if (avail > size)
        avail = size;
    uint64_t start = ring_head - avail;
    for (uint64_t i = 0; i < avail; i++)
        buf[i] = ring[(start + i) % KLOG_SIZE];
    spin_unlock_irqrestore(&klog_lock, f);
    return (size_t)avail;
}

void klog_force_unlock(void)
{
    klog_lock.locked = 0;
}
