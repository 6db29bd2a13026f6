/* syscall.c - dispatch of the app's system calls and the tracer.
 *
 * syscall.S hands each call's trapframe to syscall_handler(), which looks
 * the number up in the table built at boot from every area's entries. A
 * number with no entry returns -ENOSYS and is named once in the log. With
 * the boot option strace, every call is printed like strace(1) does:
 * name(decoded arguments) = result.
 */
#include <solo/syscall.h>
#include <solo/arch.h>
#include <solo/klog.h>
#include <solo/errno.h>
#include <solo/format.h>
#include <solo/string.h>
#include <solo/uaccess.h>
#include <solo/panic.h>
#include <solo/sched.h>

extern const char *const syscall_names[SYSCALL_MAX];

static const struct syscall_desc *table[SYSCALL_MAX];
static unsigned char warned[SYSCALL_MAX];
static int tracing;

static const struct syscall_area *const areas[] = {
    &syscalls_fs, &syscalls_fsmeta, &syscalls_mm, &syscalls_process, &syscalls_time,
};

void syscall_init(int trace)
{
    tracing = trace;
    for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++) {
        for (size_t i = 0; i < areas[a]->n; i++) {
            const struct syscall_desc *d = &areas[a]->calls[i];
            if (d->nr >= SYSCALL_MAX || table[d->nr])
                panic("syscall %s: number %u taken or too large", d->name, d->nr);
            table[d->nr] = d;
        }
    }
}

static const char *errno_text(long e)
{
    switch (e) {
    case EPERM: return "Operation not permitted";
    case ENOENT: return "No such file or directory";
    case EBADF: return "Bad file descriptor";
    case EAGAIN: return "Resource temporarily unavailable";
    case ENOMEM: return "Cannot allocate memory";
    case EACCES: return "Permission denied";
    case EFAULT: return "Bad address";
    case EEXIST: return "File exists";
    case ENOTDIR: return "Not a directory";
    case EISDIR: return "Is a directory";
    case EINVAL: return "Invalid argument";
    case ENOTTY: return "Inappropriate ioctl for device";
    case ESPIPE: return "Illegal seek";
    case EPIPE: return "Broken pipe";
    case ERANGE: return "Numerical result out of range";
    case ENAMETOOLONG: return "File name too long";
    case ENOSYS: return "Function not implemented";
    case ENOTEMPTY: return "Directory not empty";
    case ELOOP: return "Too many levels of symbolic links";
    default: return "error";
    }
}

static const char *errno_name(long e)
{
    static const char *const names[] = {
        [EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH", [EINTR] = "EINTR",
        [EIO] = "EIO", [ENXIO] = "ENXIO", [E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC",
        [EBADF] = "EBADF", [ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM",
        [EACCES] = "EACCES", [EFAULT] = "EFAULT", [EBUSY] = "EBUSY", [EEXIST] = "EEXIST",
        [EXDEV] = "EXDEV", [ENODEV] = "ENODEV", [ENOTDIR] = "ENOTDIR", [EISDIR] = "EISDIR",
        [EINVAL] = "EINVAL", [ENFILE] = "ENFILE", [EMFILE] = "EMFILE", [ENOTTY] = "ENOTTY",
        [EFBIG] = "EFBIG", [ENOSPC] = "ENOSPC", [ESPIPE] = "ESPIPE", [EROFS] = "EROFS",
        [EMLINK] = "EMLINK", [EPIPE] = "EPIPE", [ERANGE] = "ERANGE",
        [ENAMETOOLONG] = "ENAMETOOLONG", [ENOSYS] = "ENOSYS", [ENOTEMPTY] = "ENOTEMPTY",
        [ELOOP] = "ELOOP", [ENODATA] = "ENODATA", [EOVERFLOW] = "EOVERFLOW",
        [ENOTSUP] = "EOPNOTSUPP", [ETIMEDOUT] = "ETIMEDOUT",
    };
    if (e > 0 && e < (long)(sizeof names / sizeof names[0]) && names[e])
        return names[e];
    return "E?";
}

struct line {
    char buf[512];
    size_t len;
};

static void add(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct line *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(l->buf + l->len, sizeof l->buf - l->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        l->len += (size_t)n < sizeof l->buf - l->len ? (size_t)n : sizeof l->buf - l->len - 1;
}

/* App memory shown as a C string literal, at most 32 bytes of it. */
static void add_buffer(struct line *l, long addr, long len)
{
    unsigned char b[32];
    size_t n = len < 0 ? 0 : (size_t)len < sizeof b ? (size_t)len : sizeof b;
    if (copy_from_user(b, (void *)addr, n) < 0) {
        add(l, "%#lx", addr);
        return;
    }
    add(l, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = b[i];
        if (c == '\n') add(l, "\\n");
        else if (c == '\t') add(l, "\\t");
        else if (c == '"' || c == '\\') add(l, "\\%c", c);
        else if (c >= 32 && c < 127) add(l, "%c", c);
        else add(l, "\\x%02x", c);
    }
    add(l, "\"%s", (size_t)len > n ? "..." : "");
}

struct flag_name {
    unsigned long bit;
    const char *name;
};

static const struct flag_name open_flags[] = {
    { 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" }, { 01000, "O_TRUNC" },
    { 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" }, { 010000, "O_DSYNC" },
    { 0200000, "O_DIRECTORY" }, { 0400000, "O_NOFOLLOW" }, { 01000000, "O_NOATIME" },
    { 02000000, "O_CLOEXEC" }, { 010000000, "O_PATH" }, { 0, NULL },
};
static const struct flag_name prot_flags[] = {
    { 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" }, { 0, NULL },
};
static const struct flag_name map_flags[] = {
    { 0x01, "MAP_SHARED" }, { 0x02, "MAP_PRIVATE" }, { 0x10, "MAP_FIXED" },
    { 0x20, "MAP_ANONYMOUS" }, { 0x100, "MAP_GROWSDOWN" }, { 0x800, "MAP_DENYWRITE" },
    { 0x1000, "MAP_EXECUTABLE" }, { 0x2000, "MAP_LOCKED" }, { 0x4000, "MAP_NORESERVE" },
    { 0x8000, "MAP_POPULATE" }, { 0x10000, "MAP_NONBLOCK" }, { 0x20000, "MAP_STACK" },
    { 0x40000, "MAP_HUGETLB" }, { 0x100000, "MAP_FIXED_NOREPLACE" }, { 0, NULL },
};

/* Flags as NAME|NAME, with what no name covers in hex; none_name for 0. */
static void add_flags(struct line *l, unsigned long v, const struct flag_name *names,
                      const char *none_name)
{
    int first = 1;
    if (none_name) {
        add(l, "%s", none_name);
        first = 0;
    }
    for (const struct flag_name *f = names; f->name; f++) {
        if (v & f->bit) {
            add(l, "%s%s", first ? "" : "|", f->name);
            v &= ~f->bit;
            first = 0;
        }
    }
    if (v || first)
        add(l, first ? "%#lx" : "|%#lx", v);
}

static void add_arg(struct line *l, char kind, long v, long next, long result)
{
    static const char *const access_modes[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
    switch (kind) {
    case 'd': add(l, "%d", (int)v); break;
    case 'u': add(l, "%lu", (unsigned long)v); break;
    case 'o': add_flags(l, (unsigned long)v & ~3ul, open_flags, access_modes[v & 3]); break;
    case 'P': add_flags(l, (unsigned long)v, prot_flags, v ? NULL : "PROT_NONE"); break;
    case 'M': add_flags(l, (unsigned long)v, map_flags, NULL); break;
    case 'm': add(l, "0%lo", (unsigned long)v); break;
    case 'f':
        if ((int)v == -100) add(l, "AT_FDCWD");
        else add(l, "%d", (int)v);
        break;
    case 's': {
        char s[64];
        long n = strncpy_from_user(s, (const char *)v, sizeof s);
        if (n >= 0) add(l, "\"%s\"", s);
        else if (n == -ENAMETOOLONG) add(l, "\"%s\"...", s);
        else add(l, "%#lx", v);
        break;
    }
    case 'b': if (result >= 0) add_buffer(l, v, result); else add(l, "%#lx", v); break;
    case 'B': add_buffer(l, v, next); break;
    case 'p': add(l, v ? "%#lx" : "NULL", v); break;
    default: add(l, "%#lx", v); break;
    }
}

static void trace(const struct syscall_desc *d, unsigned nr, const long *a, long r)
{
    struct line l = { .len = 0 };
    const char *fmt = d ? d->args : "xxxxxx";
    add(&l, "[strace] %s(", d ? d->name : syscall_names[nr] ? syscall_names[nr] : "?");
    int i = 0;
    for (; fmt[i] && fmt[i] != ':' && i < 6; i++) {
        if (i)
            add(&l, ", ");
        add_arg(&l, fmt[i], a[i], i < 5 ? a[i + 1] : 0, r);
    }
    const char *res = strchr(fmt, ':');
    if (r < 0 && r > -4096)
        add(&l, ") = -1 %s (%s)\n", errno_name(-r), errno_text(-r));
    else if (res && res[1] == 'x')
        add(&l, ") = %#lx\n", r);
    else
        add(&l, ") = %ld\n", r);
    kprintf("%s", l.buf);
}

void syscall_handler(struct trapframe *tf)
{
    unsigned long nr = tf->rax;
    long args[6] = { (long)tf->rdi, (long)tf->rsi, (long)tf->rdx,
                     (long)tf->r10, (long)tf->r8, (long)tf->r9 };
    const struct syscall_desc *d = nr < SYSCALL_MAX ? table[nr] : NULL;
    long r;
    if (d) {
        r = d->fn(args);
    } else {
        r = -ENOSYS;
        if (nr >= SYSCALL_MAX || !warned[nr]) {
            if (nr < SYSCALL_MAX)
                warned[nr] = 1;
            const char *name = nr < SYSCALL_MAX && syscall_names[nr] ? syscall_names[nr] : "unknown";
            kprintf("syscall: %s (%lu) is not implemented: -ENOSYS\n", name, nr);
        }
    }
    if (tracing)
        trace(d, nr < SYSCALL_MAX ? (unsigned)nr : 0, args, r);
    tf->rax = (uint64_t)r;
    if (this_cpu()->need_resched)
        sched_yield();
}
