/* fs.c - the file system calls: open/close, read/write and their vector and
 * positioned forms, stat, directories, links, the working directory, fcntl,
 * dup and ioctl. Each copies its arguments in through uaccess and calls the
 * VFS (fs/vfs.c). */
#include <solo/syscall.h>
#include <solo/process.h>
#include <solo/errno.h>
#include <solo/mm.h>
#include <solo/string.h>
#include <solo/uaccess.h>
#include "path.h"

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1
#define TCGETS 0x5401
#define TIOCGWINSZ 0x5413
#define FIONREAD 0x541b
#define FIONBIO 0x5421
#define IOV_MAX 1024

extern const struct file_ops console_fops;

/* A path from the app, copied in; NULL and -errno in *err on failure. */
char *user_path(const char *upath, long *err)
{
    char *p = kmalloc(VFS_PATH_MAX);
    if (!p) {
        *err = -ENOMEM;
        return NULL;
    }
    long n = strncpy_from_user(p, upath, VFS_PATH_MAX);
    if (n < 0) {
        kfree(p);
        *err = n;
        return NULL;
    }
    return p;
}

/* The directory a *at call starts from: the cwd or dirfd's directory. The
 * result is referenced (dentry_put it). */
struct dentry *at_dir(int dirfd, long *err)
{
    if (dirfd == AT_FDCWD)
        return dentry_get(app.cwd);
    struct file *f = fd_get(dirfd);
    if (!f) {
        *err = -EBADF;
        return NULL;
    }
    if (!f->dentry->inode) {        /* a file with no name: a pipe */
        file_put(f);
        *err = -ENOTDIR;
        return NULL;
    }
    struct dentry *d = dentry_get(f->dentry);
    file_put(f);
    return d;
}

/* Resolves (dirfd, path, flags) to a referenced dentry, for stat-like calls. */
struct dentry *resolve_at(int dirfd, const char *upath, int flags, long *err)
{
    char *path = user_path(upath, err);
    if (!path)
        return NULL;
    struct dentry *base = at_dir(dirfd, err);
    struct dentry *d = NULL;
    if (base) {
        if (path[0] == 0 && (flags & AT_EMPTY_PATH)) {
            d = dentry_get(base);
        } else if (path[0] && path[0] != '/' && !S_ISDIR(base->inode->mode)) {
            *err = -ENOTDIR;
        } else {
            d = vfs_lookup(base, path, !(flags & AT_SYMLINK_NOFOLLOW));
            if (IS_ERR(d)) {
                *err = PTR_ERR(d);
                d = NULL;
            }
        }
        dentry_put(base);
    }
    kfree(path);
    return d;
}

static long do_openat(int dirfd, const char *upath, unsigned flags, unsigned mode)
{
    long err = 0;
    char *path = user_path(upath, &err);
    if (!path)
        return err;
    struct dentry *base = at_dir(dirfd, &err);
    if (!base) {
        kfree(path);
        return err;
    }
    struct file *f = vfs_open(base, path, flags, mode & ~app.umask);
    dentry_put(base);
    kfree(path);
    if (IS_ERR(f))
        return PTR_ERR(f);
    long fd = fd_install(f, flags & O_CLOEXEC, 0);
    if (fd < 0)
        file_put(f);
    return fd;
}

static long sys_open(const long *a)
{
    return do_openat(AT_FDCWD, (const char *)a[0], (unsigned)a[1], (unsigned)a[2]);
}

static long sys_openat(const long *a)
{
    return do_openat((int)a[0], (const char *)a[1], (unsigned)a[2], (unsigned)a[3]);
}

static long sys_creat(const long *a)
{
    return do_openat(AT_FDCWD, (const char *)a[0], O_CREAT | O_WRONLY | O_TRUNC, (unsigned)a[1]);
}

static long sys_close(const long *a)
{
    return fd_close((int)a[0]);
}

/* Reads or writes one buffer at pos (NULL: the file's own position). */
static long rw(int fd, char *ubuf, size_t len, int write, const uint64_t *at)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    struct uio u = { ubuf, len, 1 };
    long r;
    if (at) {
        uint64_t pos = *at;
        r = write ? vfs_write(f, &u, &pos) : vfs_read(f, &u, &pos);
    } else {
        mutex_lock(&f->pos_lock);
        r = write ? vfs_write(f, &u, &f->pos) : vfs_read(f, &u, &f->pos);
        mutex_unlock(&f->pos_lock);
    }
    file_put(f);
    return r;
}

static long sys_read(const long *a)
{
    return rw((int)a[0], (char *)a[1], (size_t)a[2], 0, NULL);
}

static long sys_write(const long *a)
{
    return rw((int)a[0], (char *)a[1], (size_t)a[2], 1, NULL);
}

static long sys_pread64(const long *a)
{
    uint64_t pos = (uint64_t)a[3];
    return a[3] < 0 ? -EINVAL : rw((int)a[0], (char *)a[1], (size_t)a[2], 0, &pos);
}

static long sys_pwrite64(const long *a)
{
    uint64_t pos = (uint64_t)a[3];
    return a[3] < 0 ? -EINVAL : rw((int)a[0], (char *)a[1], (size_t)a[2], 1, &pos);
}

struct iovec {
    char *base;
    size_t len;
};

static long rwv(int fd, const struct iovec *uiov, int count, int write, const uint64_t *at)
{
    if (count < 0 || count > IOV_MAX)
        return -EINVAL;
    long total = 0;
    uint64_t pos = at ? *at : 0;
    for (int i = 0; i < count; i++) {
        struct iovec v;
        if (copy_from_user(&v, &uiov[i], sizeof v) < 0)
            return total ? total : -EFAULT;
        if (v.len == 0)
            continue;
        long r = rw(fd, v.base, v.len, write, at ? &pos : NULL);
        if (r < 0)
            return total ? total : r;
        total += r;
        pos += (uint64_t)r;
        if ((size_t)r < v.len)
            break;
    }
    return total;
}

static long sys_readv(const long *a)
{
    return rwv((int)a[0], (const struct iovec *)a[1], (int)a[2], 0, NULL);
}

static long sys_writev(const long *a)
{
    return rwv((int)a[0], (const struct iovec *)a[1], (int)a[2], 1, NULL);
}

static long sys_lseek(const long *a)
{
    struct file *f = fd_get((int)a[0]);
    if (!f)
        return -EBADF;
    long off = a[1];
    long r;
    mutex_lock(&f->pos_lock);
    int64_t base = a[2] == SEEK_SET ? 0 : a[2] == SEEK_CUR ? (int64_t)f->pos
                 : a[2] == SEEK_END ? (int64_t)f->inode->size : -1;
    if (f->ops == &console_fops || (f->inode->mode & S_IFMT) == S_IFIFO)
        r = -ESPIPE;
    else if (base < 0 || base + off < 0)
        r = -EINVAL;
    else
        r = (long)(f->pos = (uint64_t)(base + off));
    mutex_unlock(&f->pos_lock);
    file_put(f);
    return r;
}

struct linux_stat {
    unsigned long dev, ino, nlink;
    unsigned mode, uid, gid, pad0;
    unsigned long rdev;
    long size, blksize, blocks;
    long atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
    long unused[3];
};

long fill_stat(struct inode *ino, void *ubuf)
{
    struct linux_stat st;
    memset(&st, 0, sizeof st);
    st.dev = (unsigned long)(uintptr_t)ino->sb & 0xffff;
    st.ino = ino->ino;
    st.nlink = ino->nlink;
    st.mode = ino->mode;
    st.uid = ino->uid;
    st.gid = ino->gid;
    st.rdev = ino->rdev;
    st.size = (long)ino->size;
    st.blksize = PAGE_SIZE;
    st.blocks = (long)((ino->size + 511) / 512);
    st.atime = ino->atime.sec;
    st.atime_nsec = ino->atime.nsec;
    st.mtime = ino->mtime.sec;
    st.mtime_nsec = ino->mtime.nsec;
    st.ctime = ino->ctime.sec;
    st.ctime_nsec = ino->ctime.nsec;
    return copy_to_user(ubuf, &st, sizeof st);
}

static long stat_at(int dirfd, const char *upath, void *ubuf, int flags)
{
    long err = 0;
    char first;
    if ((flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD
        && copy_from_user(&first, upath, 1) == 0 && first == 0) {
        /* The open file itself: it may have no name (a pipe). */
        struct file *f = fd_get(dirfd);
        if (!f)
            return -EBADF;
        err = fill_stat(f->inode, ubuf);
        file_put(f);
        return err;
    }
    struct dentry *d = resolve_at(dirfd, upath, flags, &err);
    if (!d)
        return err;
    long r = fill_stat(d->inode, ubuf);
    dentry_put(d);
    return r;
}

static long sys_stat(const long *a)
{
    return stat_at(AT_FDCWD, (const char *)a[0], (void *)a[1], 0);
}

static long sys_lstat(const long *a)
{
    return stat_at(AT_FDCWD, (const char *)a[0], (void *)a[1], AT_SYMLINK_NOFOLLOW);
}

static long sys_fstat(const long *a)
{
    struct file *f = fd_get((int)a[0]);
    if (!f)
        return -EBADF;
    long r = fill_stat(f->inode, (void *)a[1]);
    file_put(f);
    return r;
}

static long sys_newfstatat(const long *a)
{
    if (a[3] & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 /* AT_NO_AUTOMOUNT */))
        return -EINVAL;
    return stat_at((int)a[0], (const char *)a[1], (void *)a[2], (int)a[3]);
}

struct statx_ts {
    int64_t sec;
    uint32_t nsec;
    int32_t reserved;
};

struct linux_statx {
    uint32_t mask, blksize;
    uint64_t attributes;
    uint32_t nlink, uid, gid;
    uint16_t mode, spare0;
    uint64_t ino, size, blocks, attributes_mask;
    struct statx_ts atime, btime, ctime, mtime;
    uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
    uint64_t mnt_id;
    uint32_t dio_mem_align, dio_offset_align;
    uint64_t spare[12];
};

#define STATX_BASIC_STATS 0x7ff

static long fill_statx(struct inode *ino, void *ubuf)
{
    struct linux_statx st;
    memset(&st, 0, sizeof st);
    st.mask = STATX_BASIC_STATS;        /* no birth time */
    st.blksize = PAGE_SIZE;
    st.nlink = ino->nlink;
    st.uid = ino->uid;
    st.gid = ino->gid;
    st.mode = (uint16_t)ino->mode;
    st.ino = ino->ino;
    st.size = ino->size;
    st.blocks = (ino->size + 511) / 512;
    st.atime = (struct statx_ts){ ino->atime.sec, (uint32_t)ino->atime.nsec, 0 };
    st.mtime = (struct statx_ts){ ino->mtime.sec, (uint32_t)ino->mtime.nsec, 0 };
    st.ctime = (struct statx_ts){ ino->ctime.sec, (uint32_t)ino->ctime.nsec, 0 };
    st.rdev_major = (uint32_t)(ino->rdev >> 8);
    st.rdev_minor = (uint32_t)(ino->rdev & 0xff);
    st.dev_minor = (uint32_t)((uintptr_t)ino->sb & 0xffff);
    return copy_to_user(ubuf, &st, sizeof st);
}

static long sys_statx(const long *a)
{
    int dirfd = (int)a[0], flags = (int)a[2];
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 | 0x6000))   /* NO_AUTOMOUNT, SYNC_* */
        return -EINVAL;
    long err = 0;
    char first;
    if ((flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD
        && copy_from_user(&first, (const char *)a[1], 1) == 0 && first == 0) {
        struct file *f = fd_get(dirfd);
        if (!f)
            return -EBADF;
        err = fill_statx(f->inode, (void *)a[4]);
        file_put(f);
        return err;
    }
    struct dentry *d = resolve_at(dirfd, (const char *)a[1], flags, &err);
    if (!d)
        return err;
    err = fill_statx(d->inode, (void *)a[4]);
    dentry_put(d);
    return err;
}

static long do_readlinkat(int dirfd, const char *upath, char *ubuf, long size)
{
    if (size <= 0)
        return -EINVAL;
    long err = 0;
    struct dentry *d = resolve_at(dirfd, upath, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &err);
    if (!d)
        return err;
    char *buf = kmalloc(VFS_PATH_MAX);
    long r = -ENOMEM;
    if (buf) {
        r = S_ISLNK(d->inode->mode) && d->inode->iops->readlink
            ? d->inode->iops->readlink(d->inode, buf, VFS_PATH_MAX) : -EINVAL;
        if (r > size)
            r = size;
        if (r > 0 && copy_to_user(ubuf, buf, (size_t)r) < 0)
            r = -EFAULT;
        kfree(buf);
    }
    dentry_put(d);
    return r;
}

static long sys_readlink(const long *a)
{
    return do_readlinkat(AT_FDCWD, (const char *)a[0], (char *)a[1], a[2]);
}

static long sys_readlinkat(const long *a)
{
    return do_readlinkat((int)a[0], (const char *)a[1], (char *)a[2], a[3]);
}

static long do_faccessat(int dirfd, const char *upath, int mode, int flags)
{
    if (mode & ~7)
        return -EINVAL;
    long err = 0;
    struct dentry *d = resolve_at(dirfd, upath, flags, &err);
    if (!d)
        return err;
    /* The app runs as root: everything is allowed but executing a file
     * that has no execute bit at all. */
    long r = (mode & 1) && !S_ISDIR(d->inode->mode) && !(d->inode->mode & 0111) ? -EACCES : 0;
    dentry_put(d);
    return r;
}

static long sys_access(const long *a)
{
    return do_faccessat(AT_FDCWD, (const char *)a[0], (int)a[1], 0);
}

static long sys_faccessat(const long *a)
{
    return do_faccessat((int)a[0], (const char *)a[1], (int)a[2], 0);
}

static long sys_faccessat2(const long *a)
{
    return do_faccessat((int)a[0], (const char *)a[1], (int)a[2], (int)a[3]);
}

static long sys_getcwd(const long *a)
{
    char *buf = kmalloc(VFS_PATH_MAX);
    if (!buf)
        return -ENOMEM;
    long n = vfs_path_of(app.cwd, buf, VFS_PATH_MAX);
    if (n >= 0 && (size_t)n + 1 > (size_t)a[1])
        n = -ERANGE;
    if (n >= 0 && copy_to_user((void *)a[0], buf, (size_t)n + 1) < 0)
        n = -EFAULT;
    kfree(buf);
    return n < 0 ? n : n + 1;
}

static long set_cwd(struct dentry *d)
{
    if (!S_ISDIR(d->inode->mode)) {
        dentry_put(d);
        return -ENOTDIR;
    }
    struct dentry *old = app.cwd;
    app.cwd = d;
    dentry_put(old);
    return 0;
}

static long sys_chdir(const long *a)
{
    long err = 0;
    struct dentry *d = resolve_at(AT_FDCWD, (const char *)a[0], 0, &err);
    return d ? set_cwd(d) : err;
}

static long sys_fchdir(const long *a)
{
    struct file *f = fd_get((int)a[0]);
    if (!f)
        return -EBADF;
    if (!f->dentry->inode) {
        file_put(f);
        return -ENOTDIR;
    }
    long r = set_cwd(dentry_get(f->dentry));
    file_put(f);
    return r;
}

struct dirent_ctx {
    char *ubuf;
    size_t size, used;
    int err;
};

static int fill_dirent64(void *c, const char *name, size_t len, uint64_t ino, unsigned type,
                         uint64_t next)
{
    struct dirent_ctx *ctx = c;
    size_t reclen = (19 + len + 1 + 7) & ~(size_t)7;
    if (ctx->used + reclen > ctx->size) {
        if (ctx->used == 0)
            ctx->err = -EINVAL;
        return 1;
    }
    char rec[19 + VFS_NAME_MAX + 8];
    memset(rec, 0, reclen);
    memcpy(rec, &ino, 8);
    memcpy(rec + 8, &next, 8);
    uint16_t rl = (uint16_t)reclen;
    memcpy(rec + 16, &rl, 2);
    rec[18] = (char)type;
    memcpy(rec + 19, name, len);
    if (copy_to_user(ctx->ubuf + ctx->used, rec, reclen) < 0) {
        ctx->err = -EFAULT;
        return 1;
    }
    ctx->used += reclen;
    return 0;
}

static long sys_getdents64(const long *a)
{
    struct file *f = fd_get((int)a[0]);
    if (!f)
        return -EBADF;
    long r;
    if (!S_ISDIR(f->inode->mode) || !f->ops || !f->ops->readdir) {
        r = -ENOTDIR;
    } else {
        struct dirent_ctx ctx = { (char *)a[1], (size_t)a[2], 0, 0 };
        mutex_lock(&f->pos_lock);
        f->ops->readdir(f, fill_dirent64, &ctx);
        mutex_unlock(&f->pos_lock);
        r = ctx.err ? ctx.err : (long)ctx.used;
    }
    file_put(f);
    return r;
}

/* Copies in a path, finds the directory a *at call starts from and runs op
 * on them: the common part of the calls that name one path. */
static long with_path_at(int dirfd, const char *upath,
                         long (*op)(struct dentry *base, const char *path, long arg), long arg)
{
    long err = 0;
    char *path = user_path(upath, &err);
    if (!path)
        return err;
    struct dentry *base = at_dir(dirfd, &err);
    if (base) {
        err = op(base, path, arg);
        dentry_put(base);
    }
    kfree(path);
    return err;
}

static long mkdir_op(struct dentry *base, const char *path, long mode)
{
    return vfs_mkdir(base, path, (unsigned)mode & 07777 & ~app.umask);
}

static long do_mkdirat(int dirfd, const char *upath, unsigned mode)
{
    return with_path_at(dirfd, upath, mkdir_op, mode);
}

static long sys_mkdir(const long *a)
{
    return do_mkdirat(AT_FDCWD, (const char *)a[0], (unsigned)a[1]);
}

static long sys_mkdirat(const long *a)
{
    return do_mkdirat((int)a[0], (const char *)a[1], (unsigned)a[2]);
}

static long unlink_op(struct dentry *base, const char *path, long flags)
{
    return flags & AT_REMOVEDIR ? vfs_rmdir(base, path) : vfs_unlink(base, path);
}

static long do_unlinkat(int dirfd, const char *upath, int flags)
{
    if (flags & ~AT_REMOVEDIR)
        return -EINVAL;
    return with_path_at(dirfd, upath, unlink_op, flags);
}

static long sys_unlink(const long *a)
{
    return do_unlinkat(AT_FDCWD, (const char *)a[0], 0);
}

static long sys_rmdir(const long *a)
{
    return do_unlinkat(AT_FDCWD, (const char *)a[0], AT_REMOVEDIR);
}

static long sys_unlinkat(const long *a)
{
    return do_unlinkat((int)a[0], (const char *)a[1], (int)a[2]);
}

static long do_symlinkat(const char *utarget, int dirfd, const char *upath)
{
    long err = 0;
    char *target = user_path(utarget, &err);
    if (!target)
        return err;
    char *path = user_path(upath, &err);
    struct dentry *base = path ? at_dir(dirfd, &err) : NULL;
    if (base) {
        err = target[0] ? vfs_symlink(base, path, target) : -ENOENT;
        dentry_put(base);
    }
    kfree(path);
    kfree(target);
    return err;
}

static long sys_symlink(const long *a)
{
    return do_symlinkat((const char *)a[0], AT_FDCWD, (const char *)a[1]);
}

static long sys_symlinkat(const long *a)
{
    return do_symlinkat((const char *)a[0], (int)a[1], (const char *)a[2]);
}

static long sys_dup(const long *a)
{
    struct file *f = fd_get((int)a[0]);
    if (!f)
        return -EBADF;
    long fd = fd_install(f, 0, 0);
    if (fd < 0)
        file_put(f);
    return fd;
}

static long sys_dup2(const long *a)
{
    if (a[0] == a[1]) {
        struct file *f = fd_get((int)a[0]);
        if (!f)
            return -EBADF;
        file_put(f);
        return a[1];
    }
    return fd_dup_to((int)a[0], (int)a[1], 0);
}

static long sys_dup3(const long *a)
{
    if (a[0] == a[1] || (a[2] & ~O_CLOEXEC))
        return -EINVAL;
    return fd_dup_to((int)a[0], (int)a[1], a[2] & O_CLOEXEC);
}

static long sys_fcntl(const long *a)
{
    int fd = (int)a[0];
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    long r;
    switch (a[1]) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        r = fd_install(f, a[1] == F_DUPFD_CLOEXEC, (int)a[2]);
        if (r >= 0)
            return r;   /* the table holds the reference */
        break;
    case F_GETFD:
        r = app.fd_cloexec[fd] ? FD_CLOEXEC : 0;
        break;
    case F_SETFD:
        app.fd_cloexec[fd] = (unsigned char)(a[2] & FD_CLOEXEC);
        r = 0;
        break;
    case F_GETFL:
        r = f->flags;
        break;
    case F_SETFL:
        f->flags = (f->flags & ~(unsigned)(O_APPEND | O_NONBLOCK)) | ((unsigned)a[2] & (O_APPEND | O_NONBLOCK));
        r = 0;
        break;
    case F_GETLK: case F_SETLK: case F_SETLKW:
        r = 0;          /* one process: record locks never conflict */
        break;
    default:
        r = -EINVAL;
    }
    file_put(f);
    return r;
}

static long sys_ioctl(const long *a)
{
    struct file *f = fd_get((int)a[0]);
    if (!f)
        return -EBADF;
    long r = -ENOTTY;
    unsigned cmd = (unsigned)a[1];
    if (cmd == FIONBIO) {
        int on;
        r = copy_from_user(&on, (void *)a[2], sizeof on);
        if (r == 0)
            f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~(unsigned)O_NONBLOCK;
    } else if (cmd == FIONREAD && S_ISREG(f->inode->mode)) {
        int n = f->pos < f->inode->size ? (int)(f->inode->size - f->pos) : 0;
        r = copy_to_user((void *)a[2], &n, sizeof n);
    } else if (f->ops == &console_fops && cmd == TCGETS) {
        /* A serial console in cooked mode: 38400 baud, echo, canonical. */
        struct { uint32_t iflag, oflag, cflag, lflag; uint8_t line, cc[19]; } t;
        memset(&t, 0, sizeof t);
        t.iflag = 0x500;        /* ICRNL | IXON */
        t.oflag = 0x5;          /* OPOST | ONLCR */
        t.cflag = 0xbf;         /* B38400 | CS8 | CREAD */
        t.lflag = 0x8a3b;       /* ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN */
        r = copy_to_user((void *)a[2], &t, sizeof t);
    } else if (f->ops == &console_fops && cmd == TIOCGWINSZ) {
        uint16_t ws[4] = { 24, 80, 0, 0 };
        r = copy_to_user((void *)a[2], ws, sizeof ws);
    } else if (f->ops && f->ops->ioctl) {
        r = f->ops->ioctl(f, cmd, (unsigned long)a[2]);
    }
    file_put(f);
    return r;
}

static long do_pipe2(int *ufds, unsigned flags)
{
    if (flags & ~(O_CLOEXEC | O_NONBLOCK))
        return -EINVAL;
    struct file *rd, *wr;
    long err = vfs_pipe(&rd, &wr, flags);
    if (err < 0)
        return err;
    int fds[2];
    fds[0] = fd_install(rd, flags & O_CLOEXEC, 0);
    if (fds[0] < 0) {
        file_put(rd);
        file_put(wr);
        return fds[0];
    }
    fds[1] = fd_install(wr, flags & O_CLOEXEC, 0);
    if (fds[1] < 0) {
        fd_close(fds[0]);
        file_put(wr);
        return fds[1];
    }
    if (copy_to_user(ufds, fds, sizeof fds) < 0) {
        fd_close(fds[0]);
        fd_close(fds[1]);
        return -EFAULT;
    }
    return 0;
}

static long sys_pipe(const long *a)
{
    return do_pipe2((int *)a[0], 0);
}

static long sys_pipe2(const long *a)
{
    return do_pipe2((int *)a[0], (unsigned)a[1]);
}

static long sys_umask(const long *a)
{
    unsigned old = app.umask;
    app.umask = (unsigned)a[0] & 0777;
    return old;
}

static const struct syscall_desc calls[] = {
    { 0, "read", sys_read, "fbu" },
    { 1, "write", sys_write, "fBu" },
    { 2, "open", sys_open, "som" },
    { 3, "close", sys_close, "f" },
    { 4, "stat", sys_stat, "sp" },
    { 5, "fstat", sys_fstat, "fp" },
    { 6, "lstat", sys_lstat, "sp" },
    { 8, "lseek", sys_lseek, "fdd" },
    { 16, "ioctl", sys_ioctl, "fxx" },
    { 17, "pread64", sys_pread64, "fbud" },
    { 18, "pwrite64", sys_pwrite64, "fBud" },
    { 19, "readv", sys_readv, "fpd" },
    { 20, "writev", sys_writev, "fpd" },
    { 21, "access", sys_access, "sd" },
    { 22, "pipe", sys_pipe, "p" },
    { 32, "dup", sys_dup, "f" },
    { 33, "dup2", sys_dup2, "ff" },
    { 72, "fcntl", sys_fcntl, "fdx" },
    { 79, "getcwd", sys_getcwd, "pu" },
    { 80, "chdir", sys_chdir, "s" },
    { 81, "fchdir", sys_fchdir, "f" },
    { 83, "mkdir", sys_mkdir, "sm" },
    { 84, "rmdir", sys_rmdir, "s" },
    { 85, "creat", sys_creat, "sm" },
    { 87, "unlink", sys_unlink, "s" },
    { 88, "symlink", sys_symlink, "ss" },
    { 89, "readlink", sys_readlink, "sbu" },
    { 95, "umask", sys_umask, "m:x" },
    { 217, "getdents64", sys_getdents64, "fpu" },
    { 257, "openat", sys_openat, "fsom" },
    { 258, "mkdirat", sys_mkdirat, "fsm" },
    { 262, "newfstatat", sys_newfstatat, "fspx" },
    { 263, "unlinkat", sys_unlinkat, "fsx" },
    { 266, "symlinkat", sys_symlinkat, "sfs" },
    { 267, "readlinkat", sys_readlinkat, "fsbu" },
    { 269, "faccessat", sys_faccessat, "fsd" },
    { 292, "dup3", sys_dup3, "ffx" },
    { 293, "pipe2", sys_pipe2, "px" },
    { 332, "statx", sys_statx, "fsxxp" },
    { 439, "faccessat2", sys_faccessat2, "fsdx" },
};

const struct syscall_area syscalls_fs = { calls, sizeof calls / sizeof calls[0] };
