/* klog.h - the kernel log: every line goes to the console and into a ring
 * buffer with a timestamp since boot (served later by the REST API). */
#ifndef SOLO_KLOG_H
#define SOLO_KLOG_H

#include <stddef.h>
#include <stdint.h>

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Console only, no timestamp and no ring: for crash reports. */
void kprintf_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The console sink; the kernel sets it to the serial port. */
void klog_set_console(void (*write)(const char *s, size_t n));
/* The clock used for timestamps; before it is set, stamps read 0. */
void klog_set_clock(uint64_t (*now_ns)(void));
/* Copies the ring's oldest-to-newest text into buf; returns its length. */
size_t klog_read(char *buf, size_t size);
/* Lets a crashing CPU print even if another CPU holds the log lock. */
void klog_force_unlock(void);

#endif
