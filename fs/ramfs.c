/* ramfs.c - a file system that lives in RAM: the initrd's root and tmpfs.
 * Directories are their dentries (the cache is the whole truth, so lookup
 * of a name not cached fails); a regular file's data is an array of pages,
 * the same pages a shared mapping of the file will map; a hole reads as
 * zeros. */
#include <solo/vfs.h>
#include <solo/errno.h>
#include <solo/mm.h>
#include <solo/string.h>

struct ramfs_node {
    void **pages;               /* file data, page by page; NULL is a hole */
    size_t npages;              /* entries in pages */
    char *target;               /* a symlink's target */
};

static const struct inode_ops ramfs_dir_iops;
static const struct inode_ops ramfs_file_iops;
static const struct file_ops ramfs_dir_fops;
static const struct file_ops ramfs_file_fops;

static struct ramfs_node *node_of(struct inode *ino)
{
    return ino->priv;
}

static struct inode *new_inode(struct super_block *sb, unsigned mode)
{
    struct inode *ino = inode_new(sb, mode);
    if (!ino)
        return NULL;
    ino->priv = kzalloc(sizeof(struct ramfs_node));
    if (!ino->priv) {
        kfree(ino);
        return NULL;
    }
    if (S_ISDIR(mode)) {
        ino->iops = &ramfs_dir_iops;
        ino->fops = &ramfs_dir_fops;
        ino->nlink = 2;
    } else {
        ino->iops = &ramfs_file_iops;
        ino->fops = &ramfs_file_fops;
    }
    return ino;
}

static int lookup(struct inode *dir, struct dentry *d)
{
    (void)dir;
    (void)d;
    return -ENOENT;     /* everything that exists is in the cache */
}

static int create(struct inode *dir, struct dentry *d, unsigned mode)
{
    struct inode *ino = new_inode(dir->sb, mode);
    if (!ino)
        return -ENOMEM;
    d->inode = ino;
    vfs_now(&dir->mtime);
    dir->ctime = dir->mtime;
    return 0;
}

static int mkdir(struct inode *dir, struct dentry *d, unsigned mode)
{
    int err = create(dir, d, (mode & 07777) | S_IFDIR);
    if (err == 0)
        dir->nlink++;
    return err;
}

static int symlink(struct inode *dir, struct dentry *d, const char *target)
{
    size_t len = strlen(target);
    char *copy = kmalloc(len + 1);
    if (!copy)
        return -ENOMEM;
    memcpy(copy, target, len + 1);
    int err = create(dir, d, S_IFLNK | 0777);
    if (err < 0) {
        kfree(copy);
        return err;
    }
    node_of(d->inode)->target = copy;
    d->inode->size = len;
    return 0;
}

static long readlink(struct inode *ino, char *buf, size_t size)
{
    const char *t = node_of(ino)->target;
    if (!t)
        return -EINVAL;
    size_t n = strlen(t);
    if (n > size)
        n = size;
    memcpy(buf, t, n);
    return (long)n;
}

static int unlink(struct inode *dir, struct dentry *d)
{
    d->inode->nlink--;
    vfs_now(&dir->mtime);
    dir->ctime = dir->mtime;
    return 0;
}

static int link(struct inode *dir, struct dentry *d, struct inode *target)
{
    inode_get(target);
    target->nlink++;
    d->inode = target;
    vfs_now(&target->ctime);
    dir->mtime = dir->ctime = target->ctime;
    return 0;
}

/* The dentry cache is the directory: the VFS moves the dentry; here only
 * link counts and times change. A replaced target is dropped by the VFS. */
static int rename(struct inode *old_dir, struct dentry *old, struct inode *new_dir,
                  struct dentry *new)
{
    if (new->inode) {
        new->inode->nlink = S_ISDIR(new->inode->mode) ? 0 : new->inode->nlink - 1;
        if (S_ISDIR(new->inode->mode))
            new_dir->nlink--;
    }
    if (S_ISDIR(old->inode->mode) && old_dir != new_dir) {
        old_dir->nlink--;
        new_dir->nlink++;
    }
    vfs_now(&old_dir->mtime);
    old_dir->ctime = old_dir->mtime;
    new_dir->mtime = new_dir->ctime = old_dir->mtime;
    old->inode->ctime = old_dir->mtime;
    return 0;
}

static int rmdir(struct inode *dir, struct dentry *d)
{
    d->inode->nlink = 0;
    dir->nlink--;
    vfs_now(&dir->mtime);
    return 0;
}

static int truncate(struct inode *ino, uint64_t size)
{
    struct ramfs_node *n = node_of(ino);
    size_t keep = (size_t)((size + PAGE_SIZE - 1) / PAGE_SIZE);
    for (size_t i = keep; i < n->npages; i++) {
        if (n->pages[i])
            pages_free(n->pages[i], 0);
        n->pages[i] = NULL;
    }
    if (size % PAGE_SIZE && keep > 0 && keep <= n->npages && n->pages[keep - 1])
        memset((char *)n->pages[keep - 1] + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
    if (size == 0) {
        kfree(n->pages);
        kfree(n->target);
        n->pages = NULL;
        n->target = NULL;
        n->npages = 0;
    }
    ino->size = size;
    vfs_now(&ino->mtime);
    ino->ctime = ino->mtime;
    return 0;
}

/* The page holding index, allocated (zeroed) when create is set. */
static void *file_page(struct ramfs_node *n, size_t index, int create)
{
    if (index >= n->npages) {
        if (!create)
            return NULL;
        size_t cap = n->npages ? n->npages : 4;
        while (cap <= index)
            cap *= 2;
        void **p = kzalloc(cap * sizeof *p);
        if (!p)
            return NULL;
        if (n->pages)
            memcpy(p, n->pages, n->npages * sizeof *p);
        kfree(n->pages);
        n->pages = p;
        n->npages = cap;
    }
    if (!n->pages[index] && create) {
        n->pages[index] = pages_alloc(0);
        if (n->pages[index])
            memset(n->pages[index], 0, PAGE_SIZE);
    }
    return n->pages[index];
}

static const char zero_page[PAGE_SIZE];

static long file_read(struct file *f, struct uio *u, uint64_t *pos)
{
    struct inode *ino = f->inode;
    mutex_lock(&ino->lock);
    size_t done = 0;
    while (u->len > 0 && *pos < ino->size) {
        size_t off = (size_t)(*pos % PAGE_SIZE);
        size_t n = PAGE_SIZE - off;
        if (n > u->len)
            n = u->len;
        if (n > ino->size - *pos)
            n = (size_t)(ino->size - *pos);
        const char *page = file_page(node_of(ino), (size_t)(*pos / PAGE_SIZE), 0);
        if (uio_copy_out(u, (page ? page : zero_page) + off, n) < 0) {
            mutex_unlock(&ino->lock);
            return done ? (long)done : -EFAULT;
        }
        *pos += n;
        done += n;
    }
    mutex_unlock(&ino->lock);
    return (long)done;
}

static long file_write(struct file *f, struct uio *u, uint64_t *pos)
{
    struct inode *ino = f->inode;
    mutex_lock(&ino->lock);
    if (f->flags & O_APPEND)
        *pos = ino->size;
    size_t done = 0;
    while (u->len > 0) {
        size_t off = (size_t)(*pos % PAGE_SIZE);
        size_t n = PAGE_SIZE - off;
        if (n > u->len)
            n = u->len;
        char *page = file_page(node_of(ino), (size_t)(*pos / PAGE_SIZE), 1);
        if (!page || uio_copy_in(u, page + off, n) < 0) {
            long err = page ? -EFAULT : -ENOSPC;
            mutex_unlock(&ino->lock);
            return done ? (long)done : err;
        }
        *pos += n;
        done += n;
        if (*pos > ino->size)
            ino->size = *pos;
    }
    vfs_now(&ino->mtime);
    ino->ctime = ino->mtime;
    mutex_unlock(&ino->lock);
    return (long)done;
}

static int dir_readdir(struct file *f, filldir_t fill, void *ctx)
{
    struct dentry *d = f->dentry;
    uint64_t index = 0;
    if (f->pos == 0 && fill(ctx, ".", 1, d->inode->ino, 4, 1) != 0)
        return 0;
    if (f->pos <= 1) {
        struct inode *up = d->parent ? d->parent->inode : d->inode;
        if (fill(ctx, "..", 2, up->ino, 4, 2) != 0) {
            f->pos = 1;
            return 0;
        }
        f->pos = 2;
    }
    struct list *it;
    list_for_each(it, &d->children) {
        struct dentry *c = list_entry(it, struct dentry, sibling);
        if (!c->inode)
            continue;
        if (index++ < f->pos - 2)
            continue;
        if (fill(ctx, c->name, strlen(c->name), c->inode->ino, (c->inode->mode >> 12) & 15,
                 f->pos + 1) != 0)
            return 0;
        f->pos++;
    }
    return 0;
}

static const struct inode_ops ramfs_dir_iops = {
    .lookup = lookup,
    .create = create,
    .mkdir = mkdir,
    .symlink = symlink,
    .unlink = unlink,
    .rmdir = rmdir,
    .link = link,
    .rename = rename,
};

static const struct inode_ops ramfs_file_iops = {
    .readlink = readlink,
    .truncate = truncate,
};

static const struct file_ops ramfs_dir_fops = {
    .readdir = dir_readdir,
};

static const struct file_ops ramfs_file_fops = {
    .read = file_read,
    .write = file_write,
};

struct super_block *ramfs_new(const char *name, struct inode **root)
{
    struct super_block *sb = kzalloc(sizeof *sb);
    if (!sb)
        return NULL;
    sb->fs_name = name;
    sb->magic = 0x01021994;     /* TMPFS_MAGIC */
    *root = new_inode(sb, S_IFDIR | 0755);
    if (!*root) {
        kfree(sb);
        return NULL;
    }
    return sb;
}
