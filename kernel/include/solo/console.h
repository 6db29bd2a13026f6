/* console.h - the serial console (a 16550 UART at COM1) and the CMOS clock. */
#ifndef SOLO_CONSOLE_H
#define SOLO_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

void uart_init(void);
void uart_write(const char *s, size_t n);
/* A byte received on the console, or -1 when none is waiting. */
int uart_read_byte(void);

/* Whether the machine has a CMOS real-time clock (microvm can be without). */
int rtc_present(void);
/* Seconds since the epoch from the CMOS real-time clock; 0 without one. */
uint64_t rtc_read_epoch(void);
/* The RTC's seconds register (0..59), for timing against the RTC. */
unsigned rtc_read_seconds(void);

#endif
