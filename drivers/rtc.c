/* rtc.c - the CMOS real-time clock: wall-clock time at boot. Reads are
 * repeated until two agree, so a read never straddles an RTC update. */
#include <solo/console.h>
#include <solo/spinlock.h>
#include "../kernel/arch/x86_64/cpu.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71

static struct spinlock rtc_lock = SPINLOCK_INIT("rtc");

static uint8_t cmos(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

struct rtc_time {
    unsigned sec, min, hour, day, mon, year;
};

/* Waits out an update in progress (at most ~2 ms on a real RTC); 0 when the
 * RTC never settles, as when there is none (the port reads 0xff). */
static int wait_update(void)
{
    for (int i = 0; i < 100000; i++) {
        if (!(cmos(0x0a) & 0x80))
            return 1;
        cpu_relax();
    }
    return 0;
}

int rtc_present(void)
{
    irqflags_t f = spin_lock_irqsave(&rtc_lock);
    int ok = wait_update() && cmos(0x0b) != 0xff;
    spin_unlock_irqrestore(&rtc_lock, f);
    return ok;
}

static void read_raw(struct rtc_time *t)
{
    wait_update();
    t->sec = cmos(0x00);
    t->min = cmos(0x02);
    t->hour = cmos(0x04);
    t->day = cmos(0x07);
    t->mon = cmos(0x08);
    t->year = cmos(0x09);
}

static unsigned bcd(unsigned v)
{
    return (v & 0x0f) + (v >> 4) * 10;
}

static void read_time(struct rtc_time *t)
{
    struct rtc_time a, b;
    irqflags_t f = spin_lock_irqsave(&rtc_lock);
    read_raw(&b);
    do {
        a = b;
        read_raw(&b);
    } while (a.sec != b.sec || a.min != b.min || a.hour != b.hour || a.day != b.day);
    uint8_t status_b = cmos(0x0b);
    spin_unlock_irqrestore(&rtc_lock, f);
    unsigned pm = b.hour & 0x80;
    b.hour &= 0x7f;
    if (!(status_b & 0x04)) {       /* BCD */
        b.sec = bcd(b.sec); b.min = bcd(b.min); b.hour = bcd(b.hour);
        b.day = bcd(b.day); b.mon = bcd(b.mon); b.year = bcd(b.year);
    }
    if (!(status_b & 0x02))         /* 12-hour clock: 12 AM is 0, 12 PM is 12 */
        b.hour = b.hour % 12 + (pm ? 12 : 0);
    b.year += 2000;
    *t = b;
}

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
static uint64_t days_from_civil(unsigned y, unsigned m, unsigned d)
{
    y -= m <= 2;
    unsigned era = y / 400;
    unsigned yoe = y - era * 400;
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (uint64_t)era * 146097 + doe - 719468;
}

uint64_t rtc_read_epoch(void)
{
    struct rtc_time t;
    if (!rtc_present())
        return 0;
    read_time(&t);
    return days_from_civil(t.year, t.mon, t.day) * 86400 + t.hour * 3600 + t.min * 60 + t.sec;
}

unsigned rtc_read_seconds(void)
{
    irqflags_t f = spin_lock_irqsave(&rtc_lock);
    wait_update();
    unsigned s = cmos(0x00);
    uint8_t status_b = cmos(0x0b);
    spin_unlock_irqrestore(&rtc_lock, f);
    return (status_b & 0x04) ? s : bcd(s);
}
