/* devfs.c - the device files under /dev: null, zero, full, random, urandom,
 * console and tty (both the serial console). */
#include <solo/vfs.h>
#include <solo/errno.h>
#include <solo/console.h>
#include <solo/random.h>
#include <solo/sched.h>
#include <solo/string.h>

static long read_nothing(struct file *f, struct uio *u, uint64_t *pos)
{
    (void)f; (void)u; (void)pos;
    return 0;
}

static long write_anything(struct file *f, struct uio *u, uint64_t *pos)
{
    (void)f; (void)pos;
    long n = (long)u->len;
    u->len = 0;
    return n;
}

static long write_full(struct file *f, struct uio *u, uint64_t *pos)
{
    (void)f; (void)u; (void)pos;
    return -ENOSPC;
}

/* Fills the reader's buffer chunk by chunk from fill (zeros, random bytes). */
static long read_generated(struct uio *u, void (*fill)(void *buf, size_t n))
{
    char buf[256];
    size_t done = 0;
    while (u->len) {
        size_t n = u->len < sizeof buf ? u->len : sizeof buf;
        fill(buf, n);
        if (uio_copy_out(u, buf, n) < 0)
            return done ? (long)done : -EFAULT;
        done += n;
    }
    return (long)done;
}

static void fill_zeros(void *buf, size_t n)
{
    memset(buf, 0, n);
}

static long read_zeros(struct file *f, struct uio *u, uint64_t *pos)
{
    (void)f; (void)pos;
    return read_generated(u, fill_zeros);
}

static long read_random(struct file *f, struct uio *u, uint64_t *pos)
{
    (void)f; (void)pos;
    return read_generated(u, random_bytes);
}

static long console_write(struct file *f, struct uio *u, uint64_t *pos)
{
    (void)f; (void)pos;
    char buf[256];
    size_t done = 0;
    while (u->len) {
        size_t n = u->len < sizeof buf ? u->len : sizeof buf;
        if (uio_copy_in(u, buf, n) < 0)
            return done ? (long)done : -EFAULT;
        uart_write(buf, n);
        done += n;
    }
    return (long)done;
}

/* Blocks until at least one byte arrives, then returns what is waiting.
 * The UART is polled every 10 ms (its interrupt is not wired up yet). */
static long console_read(struct file *f, struct uio *u, uint64_t *pos)
{
    (void)pos;
    size_t done = 0;
    while (done < u->len) {
        int c = uart_read_byte();
        if (c < 0) {
            if (done)
                break;
            if (f->flags & O_NONBLOCK)
                return -EAGAIN;
            sched_sleep_ns(10000000ull);
            continue;
        }
        char ch = c == '\r' ? '\n' : (char)c;
        if (uio_copy_out(u, &ch, 1) < 0)
            return done ? (long)done : -EFAULT;
        done++;
        if (ch == '\n')
            break;
    }
    return (long)done;
}

static const struct file_ops null_fops = { .read = read_nothing, .write = write_anything };
static const struct file_ops zero_fops = { .read = read_zeros, .write = write_anything };
static const struct file_ops full_fops = { .read = read_zeros, .write = write_full };
static const struct file_ops random_fops = { .read = read_random, .write = write_anything };
const struct file_ops console_fops = { .read = console_read, .write = console_write };

int devfs_init(struct dentry *dev)
{
    static const struct {
        const char *name;
        const struct file_ops *fops;
        unsigned rdev;          /* major << 8 | minor, as Linux numbers them */
    } devices[] = {
        { "null", &null_fops, 0x103 },
        { "zero", &zero_fops, 0x105 },
        { "full", &full_fops, 0x107 },
        { "random", &random_fops, 0x108 },
        { "urandom", &random_fops, 0x109 },
        { "tty", &console_fops, 0x500 },
        { "console", &console_fops, 0x501 },
    };
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        int err = vfs_mknod_dev(dev, devices[i].name, S_IFCHR | 0666, devices[i].fops);
        if (err < 0)
            return err;
        struct dentry *d = vfs_lookup(dev, devices[i].name, 0);
        if (!IS_ERR(d)) {
            d->inode->rdev = devices[i].rdev;
            dentry_put(d);
        }
    }
    return 0;
}
