/* uart16550.c - the serial console on COM1 (I/O port 0x3f8), polled output.
 * It works from the first instruction of kmain, before interrupts exist. */
#include <solo/console.h>
#include <solo/spinlock.h>
#include "../kernel/arch/x86_64/cpu.h"

#define COM1 0x3f8
#define LSR_THRE 0x20

void uart_init(void)
{
    outb(COM1 + 1, 0x00);   /* no interrupts */
    outb(COM1 + 3, 0x80);   /* DLAB */
    outb(COM1 + 0, 0x01);   /* 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);   /* 8N1 */
    outb(COM1 + 2, 0xc7);   /* FIFO on, cleared */
    outb(COM1 + 4, 0x03);   /* DTR, RTS */
}

static void put(char c)
{
    for (int i = 0; i < 100000 && !(inb(COM1 + 5) & LSR_THRE); i++)
        cpu_relax();
    outb(COM1, (uint8_t)c);
}

void uart_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            put('\r');
        put(s[i]);
    }
}

int uart_read_byte(void)
{
    if (!(inb(COM1 + 5) & 1))       /* LSR: data ready */
        return -1;
    return inb(COM1);
}
