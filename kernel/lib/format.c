/* format.c - printf-style formatting for the kernel log and panics, and
 * number parsing for boot options. Freestanding; unit-tested on the host. */
#include <solo/format.h>
#include <solo/errno.h>
#include <stdint.h>
#include <stdbool.h>

struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

struct spec {
    bool left, zero, alt;
    int width;
};

static void pad(struct out *o, int n, char c)
{
    while (n-- > 0)
        put(o, c);
}

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
    int n = 0;
    while (s[n])
        n++;
    if (!sp->left)
        pad(o, sp->width - n, ' ');
    for (int i = 0; i < n; i++)
        put(o, s[i]);
    if (sp->left)
        pad(o, sp->width - n, ' ');
}

static void put_num(struct out *o, uint64_t v, bool neg, unsigned base, bool upper,
                    const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    int prefix = (neg ? 1 : 0) + (sp->alt && base == 16 ? 2 : 0);
    int fill = sp->width - n - prefix;
    if (!sp->left && !sp->zero)
        pad(o, fill, ' ');
    if (neg)
        put(o, '-');
    if (sp->alt && base == 16) {
        put(o, '0');
        put(o, upper ? 'X' : 'x');
    }
    if (!sp->left && sp->zero)
        pad(o, fill, '0');
    while (n)
        put(o, tmp[--n]);
    if (sp->left)
        pad(o, fill, ' ');
}

/* Reads the argument for an integer conversion of the given length. */
static uint64_t get_arg(va_list *ap, int lng, bool is_signed, bool *neg)
{
    int64_t s;
    *neg = false;
    if (!is_signed)
        return lng == 2 ? va_arg(*ap, unsigned long long)
             : lng == 1 ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
    s = lng == 2 ? va_arg(*ap, long long) : lng == 1 ? va_arg(*ap, long) : va_arg(*ap, int);
    if (s < 0) {
        *neg = true;
        return (uint64_t)0 - (uint64_t)s;
    }
    return (uint64_t)s;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap0)
{
    struct out o = { buf, size, 0 };
    va_list ap;
    va_copy(ap, ap0);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        struct spec sp = { false, false, false, 0 };
        for (fmt++;; fmt++) {
            if (*fmt == '-') sp.left = true;
            else if (*fmt == '0') sp.zero = true;
            else if (*fmt == '#') sp.alt = true;
            else break;
        }
        while (*fmt >= '0' && *fmt <= '9')
            sp.width = sp.width * 10 + (*fmt++ - '0');
        int lng = 0;
        while (*fmt == 'l' || *fmt == 'z') {
            lng = *fmt == 'z' ? 1 : lng + 1;
            fmt++;
        }
        bool neg;
        uint64_t v;
        switch (*fmt) {
        case 'd': case 'i':
            v = get_arg(&ap, lng, true, &neg);
            put_num(&o, v, neg, 10, false, &sp);
            break;
        case 'u': case 'x': case 'X': case 'o':
            v = get_arg(&ap, lng, false, &neg);
            put_num(&o, v, false, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, *fmt == 'X', &sp);
            break;
        case 'p':
            sp.alt = true;
            put_num(&o, (uintptr_t)va_arg(ap, void *), false, 16, false, &sp);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            put_str(&o, s ? s : "(null)", &sp);
            break;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case '%':
            put(&o, '%');
            break;
        case 0:
            fmt--;
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
        }
    }
    va_end(ap);
    if (size)
        buf[o.len < size ? o.len : size - 1] = 0;
    return (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static int digit_value(char c, unsigned base)
{
    int d = c >= '0' && c <= '9' ? c - '0'
          : c >= 'a' && c <= 'f' ? c - 'a' + 10
          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
    return d < (int)base ? d : -1;
}

int kparse_u64(const char *s, unsigned long long *out, int suffix)
{
    unsigned base = 10;
    unsigned long long v = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (digit_value(*s, base) < 0)
        return -EINVAL;
    for (int d; (d = digit_value(*s, base)) >= 0; s++) {
        if (v > (~0ull - (unsigned)d) / base)
            return -ERANGE;
        v = v * base + (unsigned)d;
    }
    unsigned shift = 0;
    if (suffix && *s) {
        shift = *s == 'K' || *s == 'k' ? 10 : *s == 'M' || *s == 'm' ? 20
              : *s == 'G' || *s == 'g' ? 30 : 0;
        if (shift)
            s++;
    }
    if (*s)
        return -EINVAL;
    if (shift && v > (~0ull >> shift))
        return -ERANGE;
    *out = v << shift;
    return 0;
}
