/* fsmeta.c - file system calls that change names and metadata: rename,
 * link, truncate, the sync family, chmod/chown, utimensat, statfs and
 * close_range. */
#include <solo/syscall.h>
#include <solo/process.h>
#include <solo/errno.h>
#include <solo/mm.h>
#include <solo/string.h>
#include <solo/uaccess.h>
#include "path.h"

#define RENAME_NOREPLACE 1
#define UTIME_NOW  ((1l << 30) - 1)
#define UTIME_OMIT ((1l << 30) - 2)
#define CLOSE_RANGE_CLOEXEC 4

/* The two paths of rename and link, copied in, with their start directories. */
struct two_paths {
    char *opath, *npath;
    struct dentry *odir, *ndir;
};

static void put_paths(struct two_paths *t)
{
    if (t->ndir)
        dentry_put(t->ndir);
    if (t->odir)
        dentry_put(t->odir);
    kfree(t->npath);
    kfree(t->opath);
}

static long get_paths(struct two_paths *t, int odirfd, const char *uold, int ndirfd, const char *unew)
{
    long err = 0;
    t->opath = user_path(uold, &err);
    t->npath = t->opath ? user_path(unew, &err) : NULL;
    t->odir = t->npath ? at_dir(odirfd, &err) : NULL;
    t->ndir = t->odir ? at_dir(ndirfd, &err) : NULL;
    if (!t->ndir)
        put_paths(t);
    return err;
}

static long do_renameat(int odirfd, const char *uold, int ndirfd, const char *unew, unsigned flags)
{
    if (flags & ~RENAME_NOREPLACE)
        return -EINVAL;     /* RENAME_EXCHANGE and RENAME_WHITEOUT are not supported */
    struct two_paths t;
    long err = get_paths(&t, odirfd, uold, ndirfd, unew);
    if (err < 0)
        return err;
    err = vfs_rename(t.odir, t.opath, t.ndir, t.npath, flags & RENAME_NOREPLACE);
    put_paths(&t);
    return err;
}

static long sys_rename(const long *a)
{
    return do_renameat(AT_FDCWD, (const char *)a[0], AT_FDCWD, (const char *)a[1], 0);
}

static long sys_renameat(const long *a)
{
    return do_renameat((int)a[0], (const char *)a[1], (int)a[2], (const char *)a[3], 0);
}

static long sys_renameat2(const long *a)
{
    return do_renameat((int)a[0], (const char *)a[1], (int)a[2], (const char *)a[3], (unsigned)a[4]);
}

static long do_linkat(int odirfd, const char *uold, int ndirfd, const char *unew, int flags)
{
    if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct two_paths t;
    long err = get_paths(&t, odirfd, uold, ndirfd, unew);
    if (err < 0)
        return err;
    err = vfs_link(t.odir, t.opath, t.ndir, t.npath, flags & AT_SYMLINK_FOLLOW);
    put_paths(&t);
    return err;
}

static long sys_link(const long *a)
{
    return do_linkat(AT_FDCWD, (const char *)a[0], AT_FDCWD, (const char *)a[1], 0);
}

static long sys_linkat(const long *a)
{
    return do_linkat((int)a[0], (const char *)a[1], (int)a[2], (const char *)a[3], (int)a[4]);
}

static long sys_truncate(const long *a)
{
    if (a[1] < 0)
        return -EINVAL;
    long err = 0;
    struct dentry *d = resolve_at(AT_FDCWD, (const char *)a[0], 0, &err);
    if (!d)
        return err;
    err = vfs_truncate(d->inode, (uint64_t)a[1]);
    dentry_put(d);
    return err;
}

static long sys_ftruncate(const long *a)
{
    if (a[1] < 0)
        return -EINVAL;
    struct file *f = fd_get((int)a[0]);
    if (!f)
        return -EBADF;
    long err = (f->flags & O_ACCMODE) == O_RDONLY ? -EINVAL : vfs_truncate(f->inode, (uint64_t)a[1]);
    file_put(f);
    return err;
}

/* The root and every file live in RAM for now: data written is as durable
 * as it can be, so the sync calls only check their argument. */
static long sys_fsync(const long *a)
{
    struct file *f = fd_get((int)a[0]);
    if (!f)
        return -EBADF;
    file_put(f);
    return 0;
}

static long sys_sync(const long *a)
{
    (void)a;
    return 0;
}

static long set_mode(struct inode *ino, unsigned mode)
{
    ino->mode = (ino->mode & S_IFMT) | (mode & 07777);
    vfs_now(&ino->ctime);
    return 0;
}

static long sys_chmod(const long *a)
{
    long err = 0;
    struct dentry *d = resolve_at(AT_FDCWD, (const char *)a[0], 0, &err);
    if (!d)
        return err;
    err = set_mode(d->inode, (unsigned)a[1]);
    dentry_put(d);
    return err;
}

static long sys_fchmodat(const long *a)
{
    long err = 0;
    struct dentry *d = resolve_at((int)a[0], (const char *)a[1], 0, &err);
    if (!d)
        return err;
    err = set_mode(d->inode, (unsigned)a[2]);
    dentry_put(d);
    return err;
}

static long sys_fchmod(const long *a)
{
    struct file *f = fd_get((int)a[0]);
    if (!f)
        return -EBADF;
    long err = set_mode(f->inode, (unsigned)a[1]);
    file_put(f);
    return err;
}

/* Owners are recorded: the app runs as root and may give files away. */
static long set_owner(struct inode *ino, long uid, long gid)
{
    if ((int)uid != -1)
        ino->uid = (unsigned)uid;
    if ((int)gid != -1)
        ino->gid = (unsigned)gid;
    vfs_now(&ino->ctime);
    return 0;
}

static long chown_at(int dirfd, const char *upath, long uid, long gid, int flags)
{
    long err = 0;
    struct dentry *d = resolve_at(dirfd, upath, flags, &err);
    if (!d)
        return err;
    err = set_owner(d->inode, uid, gid);
    dentry_put(d);
    return err;
}

static long sys_chown(const long *a)
{
    return chown_at(AT_FDCWD, (const char *)a[0], a[1], a[2], 0);
}

static long sys_lchown(const long *a)
{
    return chown_at(AT_FDCWD, (const char *)a[0], a[1], a[2], AT_SYMLINK_NOFOLLOW);
}

static long sys_fchownat(const long *a)
{
    return chown_at((int)a[0], (const char *)a[1], a[2], a[3], (int)a[4]);
}

static long sys_fchown(const long *a)
{
    struct file *f = fd_get((int)a[0]);
    if (!f)
        return -EBADF;
    long err = set_owner(f->inode, a[1], a[2]);
    file_put(f);
    return err;
}

static int set_time(struct timespec64 *t, const struct timespec64 *req)
{
    if (req->nsec == UTIME_OMIT)
        return 0;
    if (req->nsec == UTIME_NOW) {
        vfs_now(t);
        return 0;
    }
    if (req->nsec < 0 || req->nsec >= 1000000000)
        return -EINVAL;
    *t = *req;
    return 0;
}

static long sys_utimensat(const long *a)
{
    struct timespec64 ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
    if (a[2] && copy_from_user(ts, (void *)a[2], sizeof ts) < 0)
        return -EFAULT;
    long err = 0;
    struct inode *ino;
    struct dentry *d = NULL;
    struct file *f = NULL;
    if (!a[1]) {            /* futimens: the open file itself */
        f = fd_get((int)a[0]);
        if (!f)
            return -EBADF;
        ino = f->inode;
    } else {
        d = resolve_at((int)a[0], (const char *)a[1], (int)a[3], &err);
        if (!d)
            return err;
        ino = d->inode;
    }
    err = set_time(&ino->atime, &ts[0]);
    if (!err)
        err = set_time(&ino->mtime, &ts[1]);
    if (!err)
        vfs_now(&ino->ctime);
    if (d)
        dentry_put(d);
    if (f)
        file_put(f);
    return err;
}

struct linux_statfs {
    long type, bsize;
    uint64_t blocks, bfree, bavail, files, ffree;
    int fsid[2];
    long namelen, frsize, flags, spare[4];
};

static long fill_statfs(struct inode *ino, void *ubuf)
{
    struct linux_statfs st;
    memset(&st, 0, sizeof st);
    st.type = (long)ino->sb->magic;
    st.bsize = st.frsize = PAGE_SIZE;
    st.blocks = pmm_total_pages();      /* RAM file systems share the memory */
    st.bfree = st.bavail = pmm_free_pages();
    st.files = st.ffree = 1ull << 20;
    st.namelen = VFS_NAME_MAX;
    return copy_to_user(ubuf, &st, sizeof st);
}

static long sys_statfs(const long *a)
{
    long err = 0;
    struct dentry *d = resolve_at(AT_FDCWD, (const char *)a[0], 0, &err);
    if (!d)
        return err;
    err = fill_statfs(d->inode, (void *)a[1]);
    dentry_put(d);
    return err;
}

static long sys_fstatfs(const long *a)
{
    struct file *f = fd_get((int)a[0]);
    if (!f)
        return -EBADF;
    long err = fill_statfs(f->inode, (void *)a[1]);
    file_put(f);
    return err;
}

static long sys_close_range(const long *a)
{
    unsigned first = (unsigned)a[0], last = (unsigned)a[1];
    if (first > last || (a[2] & ~CLOSE_RANGE_CLOEXEC))
        return -EINVAL;
    for (unsigned fd = first; fd <= last && fd < FD_MAX; fd++) {
        if (a[2] & CLOSE_RANGE_CLOEXEC) {
            mutex_lock(&app.fd_lock);
            if (app.fd[fd])
                app.fd_cloexec[fd] = 1;
            mutex_unlock(&app.fd_lock);
        } else {
            fd_close((int)fd);
        }
    }
    return 0;
}

static const struct syscall_desc calls[] = {
    { 74, "fsync", sys_fsync, "f" },
    { 75, "fdatasync", sys_fsync, "f" },
    { 76, "truncate", sys_truncate, "sd" },
    { 77, "ftruncate", sys_ftruncate, "fd" },
    { 82, "rename", sys_rename, "ss" },
    { 86, "link", sys_link, "ss" },
    { 90, "chmod", sys_chmod, "sm" },
    { 91, "fchmod", sys_fchmod, "fm" },
    { 92, "chown", sys_chown, "sdd" },
    { 93, "fchown", sys_fchown, "fdd" },
    { 94, "lchown", sys_lchown, "sdd" },
    { 137, "statfs", sys_statfs, "sp" },
    { 138, "fstatfs", sys_fstatfs, "fp" },
    { 162, "sync", sys_sync, "" },
    { 260, "fchownat", sys_fchownat, "fsddx" },
    { 264, "renameat", sys_renameat, "fsfs" },
    { 265, "linkat", sys_linkat, "fsfsx" },
    { 268, "fchmodat", sys_fchmodat, "fsm" },
    { 280, "utimensat", sys_utimensat, "fspx" },
    { 306, "syncfs", sys_fsync, "f" },
    { 316, "renameat2", sys_renameat2, "fsfsx" },
    { 436, "close_range", sys_close_range, "uux" },
};

const struct syscall_area syscalls_fsmeta = { calls, sizeof calls / sizeof calls[0] };
