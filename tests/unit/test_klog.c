/* test_klog.c - the kernel log: stamps from the clock, whole lines on the
 * console, the ring keeping the newest text when it wraps. */
#include "host.h"
#include <solo/klog.h>
#include <solo/param.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char console[1 << 20];
static size_t console_len;
static uint64_t fake_ns;

static void capture(const char *s, size_t n)
{
    if (console_len + n < sizeof console) {
        memcpy(console + console_len, s, n);
        console_len += n;
    }
}

static uint64_t fake_clock(void)
{
    return fake_ns;
}

int main(void)
{
    klog_set_console(capture);
    unit_begin("klog", "before-clock-stamps-zero");
    kprintf("early %d\n", 1);
    CHECK(strcmp(console, "[    0.000000] early 1\n") == 0);
    unit_end();

    unit_begin("klog", "stamps-and-partial-lines");
    klog_set_clock(fake_clock);
    fake_ns = 12345678901ull;
    console_len = 0;
    memset(console, 0, sizeof console);
    kprintf("part one, ");
    kprintf("part two\nsecond line\n");
    CHECK(strcmp(console, "[   12.345678] part one, part two\n[   12.345678] second line\n") == 0);
    unit_end();

    unit_begin("klog", "ring-keeps-newest-when-wrapping");
    for (int i = 0; i < 5000; i++)
        kprintf("line %05d of the wrap test\n", i);
    static char buf[KLOG_SIZE + 100];
    size_t n = klog_read(buf, sizeof buf);
    buf[n] = 0;
    CHECK(n == KLOG_SIZE);
    CHECK(strstr(buf, "line 04999 of the wrap test\n") != NULL);
    CHECK(strstr(buf, "line 00000 ") == NULL);
    char tail[64];
    CHECK(klog_read(tail, sizeof tail) == sizeof tail);
    CHECK(memcmp(tail + sizeof tail - 12, "f the wrap test\n" + 4, 12) == 0);
    unit_end();
    return unit_exit_status();
}
