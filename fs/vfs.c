/* vfs.c - path walk, the dentry cache, mounts and open files.
 *
 * A dentry names an inode in a directory. Dentries found once stay in their
 * parent's children list (the cache); a file system whose directories live
 * in RAM (ramfs) keeps all of them there, one on a disk (ext2, later) fills
 * the cache through inode_ops->lookup. A mount hangs a file system's root
 * dentry on a mountpoint; the walk steps across it both ways. One mutex
 * (namespace_lock) serialises changes to the tree; lookups take it too,
 * which is simple and enough for a single application.
 */
#include <solo/vfs.h>
#include <solo/errno.h>
#include <solo/mm.h>
#include <solo/string.h>
#include <solo/panic.h>
#include <solo/uaccess.h>
#include <solo/arch.h>

static struct mutex namespace_lock;
static struct dentry *root_dentry;
static struct list mounts = LIST_INIT(mounts);

int uio_copy_out(struct uio *u, const void *src, size_t n)
{
    if (n > u->len)
        n = u->len;
    if (u->user) {
        if (copy_to_user(u->addr, src, n) < 0)
            return -EFAULT;
    } else {
        memcpy(u->addr, src, n);
    }
    u->addr += n;
    u->len -= n;
    return 0;
}

int uio_copy_in(struct uio *u, void *dst, size_t n)
{
    if (n > u->len)
        n = u->len;
    if (u->user) {
        if (copy_from_user(dst, u->addr, n) < 0)
            return -EFAULT;
    } else {
        memcpy(dst, u->addr, n);
    }
    u->addr += n;
    u->len -= n;
    return 0;
}

void vfs_now(struct timespec64 *ts)
{
    uint64_t ns = clock_realtime_ns();
    ts->sec = (int64_t)(ns / 1000000000ull);
    ts->nsec = (int64_t)(ns % 1000000000ull);
}

struct inode *inode_new(struct super_block *sb, unsigned mode)
{
    struct inode *ino = kzalloc(sizeof *ino);
    if (!ino)
        return NULL;
    ino->ino = ++sb->next_ino;
    ino->mode = mode;
    ino->nlink = 1;
    ino->sb = sb;
    ino->refs = 1;
    mutex_init(&ino->lock);
    vfs_now(&ino->mtime);
    ino->atime = ino->ctime = ino->mtime;
    return ino;
}

void inode_get(struct inode *ino)
{
    __atomic_fetch_add(&ino->refs, 1, __ATOMIC_RELAXED);
}

void inode_put(struct inode *ino)
{
    if (__atomic_sub_fetch(&ino->refs, 1, __ATOMIC_ACQ_REL) == 0 && ino->nlink == 0) {
        if (ino->iops && ino->iops->truncate)
            ino->iops->truncate(ino, 0);
        kfree(ino->priv);
        kfree(ino);
    }
}

struct dentry *dentry_get(struct dentry *d)
{
    __atomic_fetch_add(&d->refs, 1, __ATOMIC_RELAXED);
    return d;
}

void dentry_put(struct dentry *d)
{
    __atomic_fetch_sub(&d->refs, 1, __ATOMIC_RELEASE);
}

static struct dentry *dentry_new(struct dentry *parent, const char *name, size_t len)
{
    struct dentry *d = kzalloc(sizeof *d);
    if (!d)
        return NULL;
    memcpy(d->name, name, len);
    d->name[len] = 0;
    d->parent = parent;
    list_init(&d->children);
    list_init(&d->sibling);
    if (parent)
        list_push_back(&parent->children, &d->sibling);
    return d;
}

static struct dentry *find_child(struct dentry *dir, const char *name, size_t len)
{
    struct list *it;
    list_for_each(it, &dir->children) {
        struct dentry *c = list_entry(it, struct dentry, sibling);
        if (strlen(c->name) == len && memcmp(c->name, name, len) == 0)
            return c;
    }
    return NULL;
}

/* The dentry for name in dir, from the cache or the file system; a
 * negative one (no inode) when it does not exist. */
static struct dentry *lookup_child(struct dentry *dir, const char *name, size_t len)
{
    struct dentry *d = find_child(dir, name, len);
    const struct inode_ops *iops = dir->inode->iops;
    if (d && iops && iops->revalidate && !iops->revalidate(dir->inode, d)) {
        if (d->inode)
            inode_put(d->inode);
        d->inode = NULL;            /* stale: look it up again below */
        if (iops->lookup(dir->inode, d) < 0)
            d->inode = NULL;
        return d;
    }
    if (d)
        return d;
    d = dentry_new(dir, name, len);
    if (!d)
        return ERR_PTR(-ENOMEM);
    if (dir->inode->iops && dir->inode->iops->lookup) {
        int err = dir->inode->iops->lookup(dir->inode, d);
        if (err < 0 && err != -ENOENT) {
            list_remove(&d->sibling);
            kfree(d);
            return ERR_PTR(err);
        }
    }
    return d;
}

static struct dentry *cross_mounts(struct dentry *d)
{
    while (d->mounted)
        d = d->mounted->root;
    return d;
}

static struct dentry *mount_parent(struct dentry *d)
{
    /* ".." from a mounted root continues from the mountpoint. */
    struct list *it;
    for (;;) {
        int moved = 0;
        list_for_each(it, &mounts) {
            struct mount *m = list_entry(it, struct mount, node);
            if (m->root == d && m->mountpoint) {
                d = m->mountpoint;
                moved = 1;
                break;
            }
        }
        if (!moved)
            return d;
    }
}

static int only_slashes(const char *s)
{
    while (*s == '/')
        s++;
    return *s == 0;
}

struct walk {
    int links;                  /* symlinks followed so far */
};

static struct dentry *walk_path(struct walk *w, struct dentry *base, const char *path,
                                int follow_last);

static struct dentry *follow_link(struct walk *w, struct dentry *dir, struct dentry *link)
{
    if (++w->links > VFS_SYMLOOP_MAX)
        return ERR_PTR(-ELOOP);
    char *target = kmalloc(VFS_PATH_MAX);
    if (!target)
        return ERR_PTR(-ENOMEM);
    long n = link->inode->iops->readlink(link->inode, target, VFS_PATH_MAX - 1);
    struct dentry *r;
    if (n < 0) {
        r = ERR_PTR(n);
    } else {
        target[n] = 0;
        r = walk_path(w, dir, target, 1);
    }
    kfree(target);
    return r;
}

static struct dentry *walk_path(struct walk *w, struct dentry *base, const char *path,
                                int follow_last)
{
    struct dentry *d = path[0] == '/' ? root_dentry : base;
    d = cross_mounts(d);
    const char *p = path;
    for (;;) {
        while (*p == '/')
            p++;
        if (!*p)
            return d;
        const char *end = p;
        while (*end && *end != '/')
            end++;
        size_t len = (size_t)(end - p);
        int last = only_slashes(end);
        if (!S_ISDIR(d->inode->mode))
            return ERR_PTR(-ENOTDIR);
        if (len > VFS_NAME_MAX)
            return ERR_PTR(-ENAMETOOLONG);
        struct dentry *next;
        if (len == 1 && p[0] == '.') {
            next = d;
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            next = mount_parent(d);
            next = next->parent ? cross_mounts(next->parent) : next;
        } else {
            next = lookup_child(d, p, len);
            if (IS_ERR(next))
                return next;
            if (!next->inode)
                return ERR_PTR(-ENOENT);
            next = cross_mounts(next);
            if (S_ISLNK(next->inode->mode) && (!last || follow_last || *end == '/')) {
                next = follow_link(w, d, next);
                if (IS_ERR(next))
                    return next;
            }
        }
        d = next;
        p = end;
    }
}

struct dentry *vfs_root(void)
{
    return root_dentry;
}

struct dentry *vfs_lookup(struct dentry *base, const char *path, int follow_last)
{
    struct walk w = { 0 };
    if (!path[0])
        return ERR_PTR(-ENOENT);
    mutex_lock(&namespace_lock);
    struct dentry *d = walk_path(&w, base ? base : root_dentry, path, follow_last);
    if (!IS_ERR(d))
        dentry_get(d);
    mutex_unlock(&namespace_lock);
    return d;
}

/* Splits path into its directory part and last name; walks to the directory.
 * The caller holds namespace_lock. */
static struct dentry *walk_parent(struct dentry *base, const char *path, char *last)
{
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    size_t start = len;
    while (start > 0 && path[start - 1] != '/')
        start--;
    if (len - start > VFS_NAME_MAX)
        return ERR_PTR(-ENAMETOOLONG);
    if (len == start)
        return ERR_PTR(path[0] == '/' ? -EEXIST : -ENOENT);     /* "/" or "" */
    memcpy(last, path + start, len - start);
    last[len - start] = 0;
    char *dir = kmalloc(start + 2);
    if (!dir)
        return ERR_PTR(-ENOMEM);
    memcpy(dir, path, start);
    dir[start] = 0;
    struct walk w = { 0 };
    struct dentry *d = walk_path(&w, base ? base : root_dentry, start ? dir : ".", 1);
    kfree(dir);
    if (!IS_ERR(d) && !S_ISDIR(d->inode->mode))
        return ERR_PTR(-ENOTDIR);
    return d;
}

struct dentry *vfs_lookup_parent(struct dentry *base, const char *path, char *last)
{
    mutex_lock(&namespace_lock);
    struct dentry *d = walk_parent(base, path, last);
    if (!IS_ERR(d))
        dentry_get(d);
    mutex_unlock(&namespace_lock);
    return d;
}

/* The caller holds namespace_lock. */
static long path_of(struct dentry *d, char *buf, size_t size)
{
    char tmp[VFS_PATH_MAX];
    size_t pos = sizeof tmp;
    tmp[--pos] = 0;
    for (;;) {
        d = mount_parent(d);
        if (!d->parent)
            break;
        size_t n = strlen(d->name);
        if (n + 1 > pos)
            return -ENAMETOOLONG;
        pos -= n;
        memcpy(tmp + pos, d->name, n);
        tmp[--pos] = '/';
        d = d->parent;
    }
    if (pos == sizeof tmp - 1)
        tmp[--pos] = '/';
    size_t len = sizeof tmp - 1 - pos;
    if (len + 1 > size)
        return -ERANGE;
    memcpy(buf, tmp + pos, len + 1);
    return (long)len;
}

long vfs_path_of(struct dentry *d, char *buf, size_t size)
{
    mutex_lock(&namespace_lock);
    long r = path_of(d, buf, size);
    mutex_unlock(&namespace_lock);
    return r;
}

static void drop_dentry(struct dentry *d);

/* Runs one directory-changing operation on the parent of path. */
static int change_dir_entry(struct dentry *base, const char *path,
                            int (*op)(struct dentry *dir, struct dentry *d, void *arg), void *arg)
{
    char last[VFS_NAME_MAX + 1];
    mutex_lock(&namespace_lock);
    struct dentry *dir = walk_parent(base, path, last);
    int err;
    if (IS_ERR(dir)) {
        err = (int)PTR_ERR(dir);
    } else if (strcmp(last, ".") == 0 || strcmp(last, "..") == 0) {
        err = -EINVAL;
    } else {
        struct dentry *d = lookup_child(dir, last, strlen(last));
        err = IS_ERR(d) ? (int)PTR_ERR(d) : op(dir, d, arg);
    }
    mutex_unlock(&namespace_lock);
    return err;
}

struct mkdir_arg {
    unsigned mode;
};

static int do_mkdir(struct dentry *dir, struct dentry *d, void *arg)
{
    if (d->inode)
        return -EEXIST;
    if (!dir->inode->iops || !dir->inode->iops->mkdir)
        return -EPERM;
    return dir->inode->iops->mkdir(dir->inode, d, ((struct mkdir_arg *)arg)->mode);
}

int vfs_mkdir(struct dentry *base, const char *path, unsigned mode)
{
    struct mkdir_arg a = { mode };
    return change_dir_entry(base, path, do_mkdir, &a);
}

static int do_symlink(struct dentry *dir, struct dentry *d, void *arg)
{
    if (d->inode)
        return -EEXIST;
    if (!dir->inode->iops || !dir->inode->iops->symlink)
        return -EPERM;
    return dir->inode->iops->symlink(dir->inode, d, arg);
}

int vfs_symlink(struct dentry *base, const char *path, const char *target)
{
    return change_dir_entry(base, path, do_symlink, (void *)target);
}

static int do_unlink(struct dentry *dir, struct dentry *d, void *arg)
{
    (void)arg;
    if (!d->inode)
        return -ENOENT;
    if (S_ISDIR(d->inode->mode))
        return -EISDIR;
    if (d->mounted)
        return -EBUSY;
    if (!dir->inode->iops || !dir->inode->iops->unlink)
        return -EPERM;
    int err = dir->inode->iops->unlink(dir->inode, d);
    if (err == 0)
        drop_dentry(d);
    return err;
}

int vfs_unlink(struct dentry *base, const char *path)
{
    return change_dir_entry(base, path, do_unlink, NULL);
}

static int do_rmdir(struct dentry *dir, struct dentry *d, void *arg)
{
    (void)arg;
    if (!d->inode)
        return -ENOENT;
    if (!S_ISDIR(d->inode->mode))
        return -ENOTDIR;
    if (d->mounted || d == root_dentry)
        return -EBUSY;
    struct list *it;
    list_for_each(it, &d->children)
        if (list_entry(it, struct dentry, sibling)->inode)
            return -ENOTEMPTY;
    if (!dir->inode->iops || !dir->inode->iops->rmdir)
        return -EPERM;
    int err = dir->inode->iops->rmdir(dir->inode, d);
    if (err == 0) {
        struct inode *ino = d->inode;
        d->inode = NULL;
        while (!list_empty(&d->children)) {
            struct dentry *neg = list_entry(list_pop_front(&d->children), struct dentry, sibling);
            kfree(neg);
        }
        list_remove(&d->sibling);
        if (d->refs == 0)
            kfree(d);
        inode_put(ino);
    }
    return err;
}

int vfs_rmdir(struct dentry *base, const char *path)
{
    return change_dir_entry(base, path, do_rmdir, NULL);
}

struct file *file_open_dentry(struct dentry *d, unsigned flags)
{
    struct file *f = kzalloc(sizeof *f);
    if (!f)
        return ERR_PTR(-ENOMEM);
    f->dentry = dentry_get(d);
    f->inode = d->inode;
    inode_get(f->inode);
    f->ops = d->inode->fops;
    f->flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
    f->refs = 1;
    mutex_init(&f->pos_lock);
    if (f->ops && f->ops->open && !(flags & O_PATH)) {
        int err = f->ops->open(f->inode, f);
        if (err < 0) {
            inode_put(f->inode);
            dentry_put(d);
            kfree(f);
            return ERR_PTR(err);
        }
    }
    return f;
}

struct open_arg {
    unsigned flags, mode;
    struct dentry *result;
};

static int do_create(struct dentry *dir, struct dentry *d, void *arg)
{
    struct open_arg *a = arg;
    if (d->inode) {
        if (a->flags & O_EXCL)
            return -EEXIST;
        a->result = d;
        return 0;
    }
    if (!dir->inode->iops || !dir->inode->iops->create)
        return -EPERM;
    int err = dir->inode->iops->create(dir->inode, d, (a->mode & 07777) | S_IFREG);
    a->result = d;
    return err;
}

struct file *vfs_open(struct dentry *base, const char *path, unsigned flags, unsigned mode)
{
    struct dentry *d;
    if (flags & O_CREAT) {
        struct open_arg a = { flags, mode, NULL };
        int err = change_dir_entry(base, path, do_create, &a);
        if (err < 0)
            return ERR_PTR(err);
        d = a.result;
        if (S_ISLNK(d->inode->mode)) {
            if (flags & (O_EXCL | O_NOFOLLOW))
                return ERR_PTR(flags & O_EXCL ? -EEXIST : -ELOOP);
            d = vfs_lookup(base, path, 1);
            if (IS_ERR(d))
                return (void *)d;
            dentry_put(d);
        }
    } else {
        d = vfs_lookup(base, path, !(flags & O_NOFOLLOW));
        if (IS_ERR(d))
            return (void *)d;
        dentry_put(d);
        if (S_ISLNK(d->inode->mode) && !(flags & O_PATH))
            return ERR_PTR(-ELOOP);
    }
    struct inode *ino = d->inode;
    if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
        return ERR_PTR(-ENOTDIR);
    if (S_ISDIR(ino->mode) && (flags & O_ACCMODE) != O_RDONLY)
        return ERR_PTR(-EISDIR);
    if ((flags & O_TRUNC) && S_ISREG(ino->mode) && (flags & O_ACCMODE) != O_RDONLY
        && ino->iops && ino->iops->truncate) {
        int err = ino->iops->truncate(ino, 0);
        if (err < 0)
            return ERR_PTR(err);
    }
    return file_open_dentry(d, flags);
}

int vfs_mknod_dev(struct dentry *base, const char *path, unsigned mode, const struct file_ops *fops)
{
    struct open_arg a = { O_CREAT | O_EXCL, mode, NULL };
    int err = change_dir_entry(base, path, do_create, &a);
    if (err < 0)
        return err;
    a.result->inode->mode = mode;
    a.result->inode->fops = fops;
    return 0;
}

struct file *file_get(struct file *f)
{
    __atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED);
    return f;
}

void file_put(struct file *f)
{
    if (__atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    if (f->ops && f->ops->release)
        f->ops->release(f);
    inode_put(f->inode);
    dentry_put(f->dentry);
    kfree(f);
}

long vfs_read(struct file *f, struct uio *u, uint64_t *pos)
{
    if ((f->flags & O_ACCMODE) == O_WRONLY || (f->flags & O_PATH))
        return -EBADF;
    if (S_ISDIR(f->inode->mode))
        return -EISDIR;
    if (!f->ops || !f->ops->read)
        return -EINVAL;
    return f->ops->read(f, u, pos);
}

long vfs_write(struct file *f, struct uio *u, uint64_t *pos)
{
    if ((f->flags & O_ACCMODE) == O_RDONLY || (f->flags & O_PATH))
        return -EBADF;
    if (!f->ops || !f->ops->write)
        return -EINVAL;
    return f->ops->write(f, u, pos);
}

long kernel_read(struct file *f, void *buf, size_t n, uint64_t pos)
{
    size_t done = 0;
    while (done < n) {
        struct uio u = { (char *)buf + done, n - done, 0 };
        long r = f->ops->read(f, &u, &pos);
        if (r < 0)
            return r;
        if (r == 0)
            break;
        done += (size_t)r;
    }
    return (long)done;
}

void vfs_set_root(struct super_block *sb, struct inode *root, const char *source)
{
    mutex_init(&namespace_lock);
    root_dentry = dentry_new(NULL, "/", 1);
    if (!root_dentry)
        panic("vfs: no memory for the root");
    root_dentry->inode = root;
    struct mount *m = kzalloc(sizeof *m);
    if (!m)
        panic("vfs: no memory for the root mount");
    m->root = root_dentry;
    m->sb = sb;
    strlcpy(m->source, source, sizeof m->source);
    list_push_back(&mounts, &m->node);
}

int vfs_mount(struct dentry *where, struct super_block *sb, struct inode *root, const char *source)
{
    if (!S_ISDIR(where->inode->mode))
        return -ENOTDIR;
    struct mount *m = kzalloc(sizeof *m);
    struct dentry *r = dentry_new(NULL, "/", 1);
    if (!m || !r) {
        kfree(m);
        kfree(r);
        return -ENOMEM;
    }
    r->inode = root;
    m->root = r;
    m->sb = sb;
    m->mountpoint = where;
    strlcpy(m->source, source, sizeof m->source);
    mutex_lock(&namespace_lock);
    where = cross_mounts(where);
    m->mountpoint = where;
    where->mounted = m;
    list_push_back(&mounts, &m->node);
    mutex_unlock(&namespace_lock);
    return 0;
}

void vfs_for_each_mount(void (*fn)(const struct mount *m, const char *path, void *ctx), void *ctx)
{
    struct list *it;
    char *path = kmalloc(VFS_PATH_MAX);
    if (!path)
        return;
    mutex_lock(&namespace_lock);
    list_for_each(it, &mounts) {
        struct mount *m = list_entry(it, struct mount, node);
        if (path_of(m->mountpoint ? m->mountpoint : m->root, path, VFS_PATH_MAX) >= 0)
            fn(m, path, ctx);
    }
    mutex_unlock(&namespace_lock);
    kfree(path);
}

/* Removes what a dentry names from the cache after the file system let go
 * of it (unlink, rmdir, or replaced by rename). */
static void drop_dentry(struct dentry *d)
{
    struct inode *ino = d->inode;
    d->inode = NULL;
    list_remove(&d->sibling);
    if (d->refs == 0)
        kfree(d);
    if (ino)
        inode_put(ino);
}

static int dir_is_empty(struct dentry *d)
{
    struct list *it;
    list_for_each(it, &d->children)
        if (list_entry(it, struct dentry, sibling)->inode)
            return 0;
    return 1;
}

/* d is dir itself or below it. */
static int is_under(struct dentry *d, struct dentry *dir)
{
    for (; d; d = d->parent)
        if (d == dir)
            return 1;
    return 0;
}

int vfs_rename(struct dentry *obase, const char *opath, struct dentry *nbase, const char *npath,
               int noreplace)
{
    char oname[VFS_NAME_MAX + 1], nname[VFS_NAME_MAX + 1];
    mutex_lock(&namespace_lock);
    int err = 0;
    struct dentry *odir = walk_parent(obase, opath, oname);
    struct dentry *ndir = IS_ERR(odir) ? odir : walk_parent(nbase, npath, nname);
    struct dentry *old = NULL, *new = NULL;
    if (IS_ERR(ndir)) {
        err = (int)PTR_ERR(ndir);
        goto out;
    }
    if (!strcmp(oname, ".") || !strcmp(oname, "..") || !strcmp(nname, ".") || !strcmp(nname, "..")) {
        err = -EINVAL;
        goto out;
    }
    old = lookup_child(odir, oname, strlen(oname));
    new = IS_ERR(old) ? old : lookup_child(ndir, nname, strlen(nname));
    if (IS_ERR(new)) {
        err = (int)PTR_ERR(new);
        goto out;
    }
    if (!old->inode) {
        err = -ENOENT;
    } else if (odir->inode->sb != ndir->inode->sb) {
        err = -EXDEV;
    } else if (old == new) {
        err = 0;                                /* the same file: nothing to do */
    } else if (new->inode && noreplace) {
        err = -EEXIST;
    } else if (S_ISDIR(old->inode->mode) && is_under(ndir, old)) {
        err = -EINVAL;                          /* into its own subtree */
    } else if (new->inode && S_ISDIR(new->inode->mode) != S_ISDIR(old->inode->mode)) {
        err = S_ISDIR(new->inode->mode) ? -EISDIR : -ENOTDIR;
    } else if (new->inode && S_ISDIR(new->inode->mode) && !dir_is_empty(new)) {
        err = -ENOTEMPTY;
    } else if (old->mounted || new->mounted) {
        err = -EBUSY;
    } else if (!odir->inode->iops || !odir->inode->iops->rename) {
        err = -EPERM;
    } else {
        err = odir->inode->iops->rename(odir->inode, old, ndir->inode, new);
        if (err == 0) {
            if (new->inode)
                drop_dentry(new);
            else {
                list_remove(&new->sibling);
                if (new->refs == 0)
                    kfree(new);
            }
            list_remove(&old->sibling);
            strlcpy(old->name, nname, sizeof old->name);
            old->parent = ndir;
            list_push_back(&ndir->children, &old->sibling);
        }
    }
out:
    mutex_unlock(&namespace_lock);
    return err;
}

int vfs_link(struct dentry *obase, const char *opath, struct dentry *nbase, const char *npath,
             int follow)
{
    struct dentry *target = vfs_lookup(obase, opath, follow);
    if (IS_ERR(target))
        return (int)PTR_ERR(target);
    int err;
    char name[VFS_NAME_MAX + 1];
    mutex_lock(&namespace_lock);
    struct dentry *dir = walk_parent(nbase, npath, name);
    if (IS_ERR(dir)) {
        err = (int)PTR_ERR(dir);
    } else if (S_ISDIR(target->inode->mode)) {
        err = -EPERM;
    } else if (dir->inode->sb != target->inode->sb) {
        err = -EXDEV;
    } else {
        struct dentry *d = lookup_child(dir, name, strlen(name));
        if (IS_ERR(d))
            err = (int)PTR_ERR(d);
        else if (d->inode)
            err = -EEXIST;
        else if (!dir->inode->iops || !dir->inode->iops->link)
            err = -EPERM;
        else
            err = dir->inode->iops->link(dir->inode, d, target->inode);
    }
    mutex_unlock(&namespace_lock);
    dentry_put(target);
    return err;
}

int vfs_truncate(struct inode *ino, uint64_t size)
{
    if (S_ISDIR(ino->mode))
        return -EISDIR;
    if (!S_ISREG(ino->mode))
        return -EINVAL;
    if (!ino->iops || !ino->iops->truncate)
        return -EPERM;
    mutex_lock(&ino->lock);
    int err = ino->iops->truncate(ino, size);
    mutex_unlock(&ino->lock);
    return err;
}
