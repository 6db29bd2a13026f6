/* procfs.c - /proc: what the kernel knows, generated when a file is opened.
 * The tree is a ramfs whose entries get the generator's file or link ops;
 * an open file holds a snapshot of the text, like Linux's seq files. */
#include <solo/vfs.h>
#include <solo/process.h>
#include <solo/arch.h>
#include <solo/errno.h>
#include <solo/format.h>
#include <solo/mm.h>
#include <solo/percpu.h>
#include <solo/sched.h>
#include <solo/string.h>

/* A growing text buffer for generators. */
struct text {
    char *buf;
    size_t len, cap;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct text *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = kvsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = t->cap * 2 + (size_t)n + 1;
        char *b = kmalloc(cap);
        if (!b)
            return;             /* the text is cut; a reader sees what fit */
        memcpy(b, t->buf, t->len);
        kfree(t->buf);
        t->buf = b;
        t->cap = cap;
    }
}

struct proc_entry {
    const char *path;
    void (*gen)(struct text *t);            /* a file's text */
    long (*link)(char *buf, size_t size);   /* or a symlink's target */
    struct file_ops fops;
    struct inode_ops iops;
};

static void gen_meminfo(struct text *t)
{
    uint64_t total = pmm_total_pages() * 4, free = pmm_free_pages() * 4;
    put(t, "MemTotal:       %8llu kB\nMemFree:        %8llu kB\nMemAvailable:   %8llu kB\n"
           "Buffers:               0 kB\nCached:                0 kB\nSwapCached:            0 kB\n"
           "SwapTotal:             0 kB\nSwapFree:              0 kB\n",
        (unsigned long long)total, (unsigned long long)free, (unsigned long long)free);
}

static void gen_cpuinfo(struct text *t)
{
    for (unsigned i = 0; i < ncpus; i++)
        put(t, "processor\t: %u\nvendor_id\t: Solo\ncpu MHz\t\t: %llu.%03llu\n"
               "physical id\t: 0\ncore id\t\t: %u\ncpu cores\t: %u\napicid\t\t: %u\n\n",
            i, (unsigned long long)(tsc_khz() / 1000), (unsigned long long)(tsc_khz() % 1000),
            i, ncpus, cpus[i].apic_id);
}

static void gen_uptime(struct text *t)
{
    uint64_t ms = clock_monotonic_ns() / 1000000;
    uint64_t idle = 0;
    for (unsigned i = 0; i < ncpus; i++)
        idle += sched_idle_ns(&cpus[i]) / 1000000;
    put(t, "%llu.%02llu %llu.%02llu\n", (unsigned long long)(ms / 1000),
        (unsigned long long)(ms % 1000 / 10), (unsigned long long)(idle / 1000),
        (unsigned long long)(idle % 1000 / 10));
}

static void mount_line(const struct mount *m, const char *path, void *ctx)
{
    put(ctx, "%s %s %s rw 0 0\n", m->source, path, m->sb->fs_name);
}

static void gen_mounts(struct text *t)
{
    vfs_for_each_mount(mount_line, t);
}

static void gen_filesystems(struct text *t)
{
    put(t, "nodev\trootfs\nnodev\ttmpfs\nnodev\tdevtmpfs\nnodev\tproc\n");
}

static void gen_version(struct text *t)
{
    put(t, "Linux version 6.1.0-solo (Solo " SOLO_VERSION ") #1 SMP\n");
}

static void gen_cmdline(struct text *t)
{
    for (size_t i = 0; i < app.cmdline_len; i++)
        put(t, "%c", app.cmdline[i]);
}

static void map_line(struct vma *v, void *ctx)
{
    char path[VFS_PATH_MAX] = "";
    if (v->file && vfs_path_of(v->file->dentry, path, sizeof path) < 0)
        path[0] = 0;
    const char *name = v->file ? path : v->name ? v->name : "";
    /* Linux's layout: the name starts in column 74 when there is one. */
    char line[128];
    int n = ksnprintf(line, sizeof line, "%08lx-%08lx %c%c%c%c %08llx 00:%02llx %llu",
        (unsigned long)v->start, (unsigned long)v->end,
        v->prot & PROT_READ ? 'r' : '-', v->prot & PROT_WRITE ? 'w' : '-',
        v->prot & PROT_EXEC ? 'x' : '-', v->flags & MAP_SHARED ? 's' : 'p',
        (unsigned long long)(v->file ? v->offset : 0),
        (unsigned long long)(v->file ? 1 : 0),
        (unsigned long long)(v->file ? v->file->inode->ino : 0));
    if (name[0]) {
        while (n < 73 && n < (int)sizeof line - 1)
            line[n++] = ' ';
        line[n] = 0;
    }
    put(ctx, "%s%s\n", line, name);
}

static void gen_maps(struct text *t)
{
    if (app.mm)
        mm_for_each(app.mm, map_line, t);
}

static void gen_status(struct text *t)
{
    uint64_t total = pmm_total_pages() * 4 - pmm_free_pages() * 4;
    put(t, "Name:\t%s\nUmask:\t%04o\nState:\tR (running)\nTgid:\t1\nPid:\t1\nPPid:\t0\n"
           "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%d\nVmRSS:\t%8llu kB\n"
           "Threads:\t1\nCpus_allowed_list:\t0-%u\n",
        app.cmdline ? app.cmdline : "", app.umask, FD_MAX, (unsigned long long)total,
        ncpus - 1);
}

static long link_exe(char *buf, size_t size)
{
    size_t n = strlen(app.exe);
    if (!n)
        return -ENOENT;
    n = n < size ? n : size;
    memcpy(buf, app.exe, n);
    return (long)n;
}

static long link_cwd(char *buf, size_t size)
{
    char path[VFS_PATH_MAX];
    long n = app.cwd ? vfs_path_of(app.cwd, path, sizeof path) : -ENOENT;
    if (n < 0)
        return n;
    n = (size_t)n < size ? n : (long)size;
    memcpy(buf, path, (size_t)n);
    return n;
}

static int proc_open(struct inode *ino, struct file *f);
static long proc_read(struct file *f, struct uio *u, uint64_t *pos);
static void proc_release(struct file *f);
static long proc_readlink(struct inode *ino, char *buf, size_t size);

#define FILE_OPS { .open = proc_open, .read = proc_read, .release = proc_release }
#define LINK_OPS { .readlink = proc_readlink }

static struct proc_entry entries[] = {
    { "cpuinfo", gen_cpuinfo, NULL, FILE_OPS, { 0 } },
    { "filesystems", gen_filesystems, NULL, FILE_OPS, { 0 } },
    { "meminfo", gen_meminfo, NULL, FILE_OPS, { 0 } },
    { "mounts", gen_mounts, NULL, FILE_OPS, { 0 } },
    { "uptime", gen_uptime, NULL, FILE_OPS, { 0 } },
    { "version", gen_version, NULL, FILE_OPS, { 0 } },
    { "self/cmdline", gen_cmdline, NULL, FILE_OPS, { 0 } },
    { "self/maps", gen_maps, NULL, FILE_OPS, { 0 } },
    { "self/mounts", gen_mounts, NULL, FILE_OPS, { 0 } },
    { "self/status", gen_status, NULL, FILE_OPS, { 0 } },
    { "self/exe", NULL, link_exe, { 0 }, LINK_OPS },
    { "self/cwd", NULL, link_cwd, { 0 }, LINK_OPS },
};

static int proc_open(struct inode *ino, struct file *f)
{
    (void)ino;
    const struct proc_entry *e = container_of(f->ops, struct proc_entry, fops);
    struct text *t = kzalloc(sizeof *t);
    if (!t)
        return -ENOMEM;
    t->cap = 1024;
    t->buf = kmalloc(t->cap);
    if (!t->buf) {
        kfree(t);
        return -ENOMEM;
    }
    e->gen(t);
    f->priv = t;
    return 0;
}

static long proc_read(struct file *f, struct uio *u, uint64_t *pos)
{
    struct text *t = f->priv;
    if (*pos >= t->len)
        return 0;
    size_t n = t->len - (size_t)*pos < u->len ? t->len - (size_t)*pos : u->len;
    if (uio_copy_out(u, t->buf + *pos, n) < 0)
        return -EFAULT;
    *pos += n;
    return (long)n;
}

static void proc_release(struct file *f)
{
    struct text *t = f->priv;
    if (t) {
        kfree(t->buf);
        kfree(t);
    }
}

static long proc_readlink(struct inode *ino, char *buf, size_t size)
{
    const struct proc_entry *e = container_of(ino->iops, struct proc_entry, iops);
    return e->link(buf, size);
}

/* /proc/self/fd: a symlink per open descriptor, made when looked up and
 * checked again on every later lookup. */
static int fd_of_name(const char *name)
{
    int fd = 0;
    if (!name[0])
        return -1;
    for (const char *p = name; *p; p++) {
        if (*p < '0' || *p > '9' || fd > FD_MAX)
            return -1;
        fd = fd * 10 + (*p - '0');
    }
    return fd < FD_MAX ? fd : -1;
}

static long fd_link_target(int fd, char *buf, size_t size)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -ENOENT;
    char path[VFS_PATH_MAX];
    long n;
    if (f->dentry->inode)
        n = vfs_path_of(f->dentry, path, sizeof path);
    else
        n = ksnprintf(path, sizeof path, "pipe:[%llu]", (unsigned long long)f->inode->ino);
    file_put(f);
    if (n < 0)
        return n;
    n = (size_t)n < size ? n : (long)size;
    memcpy(buf, path, (size_t)n);
    return n;
}

static long fd_readlink(struct inode *ino, char *buf, size_t size)
{
    return fd_link_target((int)ino->rdev, buf, size);
}

static const struct inode_ops fd_link_iops = { .readlink = fd_readlink };

static int fd_lookup(struct inode *dir, struct dentry *d)
{
    int fd = fd_of_name(d->name);
    struct file *f = fd >= 0 ? fd_get(fd) : NULL;
    if (!f)
        return -ENOENT;
    file_put(f);
    struct inode *ino = inode_new(dir->sb, S_IFLNK | 0700);
    if (!ino)
        return -ENOMEM;
    ino->nlink = 0;             /* freed with its dentry's last use */
    ino->rdev = (uint64_t)fd;
    ino->iops = &fd_link_iops;
    d->inode = ino;
    return 0;
}

static int fd_revalidate(struct inode *dir, struct dentry *d)
{
    (void)dir;
    int fd = fd_of_name(d->name);
    struct file *f = fd >= 0 ? fd_get(fd) : NULL;
    if (f)
        file_put(f);
    return f != NULL && d->inode != NULL;
}

static int fd_readdir(struct file *f, filldir_t fill, void *ctx)
{
    if (f->pos == 0 && fill(ctx, ".", 1, f->inode->ino, 4, 1) != 0)
        return 0;
    if (f->pos <= 1 && fill(ctx, "..", 2, f->inode->ino, 4, 2) != 0) {
        f->pos = 1;
        return 0;
    }
    if (f->pos < 2)
        f->pos = 2;
    for (int fd = (int)f->pos - 2; fd < FD_MAX; fd++) {
        struct file *o = fd_get(fd);
        if (!o)
            continue;
        file_put(o);
        char name[12];
        int n = ksnprintf(name, sizeof name, "%d", fd);
        if (fill(ctx, name, (size_t)n, 1000000 + (uint64_t)fd, 10, (uint64_t)fd + 3) != 0)
            return 0;
        f->pos = (uint64_t)fd + 3;
    }
    f->pos = FD_MAX + 2;
    return 0;
}

static const struct inode_ops fd_dir_iops = { .lookup = fd_lookup, .revalidate = fd_revalidate };
static const struct file_ops fd_dir_fops = { .readdir = fd_readdir };

static int make_fd_dir(void)
{
    int err = vfs_mkdir(NULL, "/proc/self/fd", 0500);
    struct dentry *d = err < 0 ? NULL : vfs_lookup(NULL, "/proc/self/fd", 1);
    if (!d || IS_ERR(d))
        return err < 0 ? err : -ENOENT;
    d->inode->iops = &fd_dir_iops;
    d->inode->fops = &fd_dir_fops;
    dentry_put(d);
    return 0;
}

int procfs_mount(void)
{
    struct inode *root;
    struct super_block *sb = ramfs_new("proc", &root);
    int err = vfs_mkdir(NULL, "/proc", 0555);
    struct dentry *where = vfs_lookup(NULL, "/proc", 1);
    if (!sb || (err < 0 && err != -EEXIST) || IS_ERR(where))
        return -ENOMEM;
    sb->magic = 0x9fa0;         /* PROC_SUPER_MAGIC */
    err = vfs_mount(where, sb, root, "proc");
    dentry_put(where);
    if (err < 0)
        return err;
    vfs_mkdir(NULL, "/proc/self", 0555);
    vfs_symlink(NULL, "/proc/1", "self");
    if ((err = make_fd_dir()) < 0)
        return err;
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
        char path[64];
        ksnprintf(path, sizeof path, "/proc/%s", entries[i].path);
        struct proc_entry *e = &entries[i];
        err = e->gen ? vfs_mknod_dev(NULL, path, S_IFREG | 0444, &e->fops)
                     : vfs_symlink(NULL, path, "?");
        if (err < 0)
            return err;
        if (e->link) {
            struct dentry *d = vfs_lookup(NULL, path, 0);
            if (IS_ERR(d))
                return (int)PTR_ERR(d);
            d->inode->iops = &e->iops;
            dentry_put(d);
        }
    }
    return 0;
}
