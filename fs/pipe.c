/* pipe.c - pipes: a 64 KiB ring between a read end and a write end.
 * A read waits while the pipe is empty and a writer remains (then 0 at the
 * end); a write waits while it is full and a reader remains (EPIPE when
 * none does). Writes up to PIPE_BUF bytes are atomic. O_NONBLOCK gives
 * EAGAIN instead of waiting. */
#include <solo/vfs.h>
#include <solo/errno.h>
#include <solo/mm.h>
#include <solo/string.h>
#include <solo/sync.h>
#include <solo/uaccess.h>

#define PIPE_SIZE (64 * 1024)
#define PIPE_BUF 4096

struct pipe {
    struct mutex lock;
    struct cond readable, writable;
    char *buf;
    size_t head, count;
    int readers, writers;
};

static struct super_block pipe_sb = { .fs_name = "pipefs", .magic = 0x50495045 };

static long pipe_read(struct file *f, struct uio *u, uint64_t *pos)
{
    (void)pos;
    struct pipe *p = f->priv;
    mutex_lock(&p->lock);
    while (p->count == 0 && p->writers > 0) {
        if (f->flags & O_NONBLOCK) {
            mutex_unlock(&p->lock);
            return -EAGAIN;
        }
        cond_wait(&p->readable, &p->lock);
    }
    size_t done = 0;
    while (u->len > 0 && p->count > 0) {
        size_t n = PIPE_SIZE - p->head;
        if (n > p->count)
            n = p->count;
        if (n > u->len)
            n = u->len;
        if (uio_copy_out(u, p->buf + p->head, n) < 0) {
            mutex_unlock(&p->lock);
            return done ? (long)done : -EFAULT;
        }
        p->head = (p->head + n) % PIPE_SIZE;
        p->count -= n;
        done += n;
    }
    cond_broadcast(&p->writable);
    mutex_unlock(&p->lock);
    return (long)done;
}

static long pipe_write(struct file *f, struct uio *u, uint64_t *pos)
{
    (void)pos;
    struct pipe *p = f->priv;
    size_t total = u->len, done = 0;
    mutex_lock(&p->lock);
    while (u->len > 0) {
        if (p->readers == 0) {
            mutex_unlock(&p->lock);
            return done ? (long)done : -EPIPE;
        }
        size_t room = PIPE_SIZE - p->count;
        /* Up to PIPE_BUF bytes go in at once or not at all. */
        int must_wait = room == 0 || (total <= PIPE_BUF && room < u->len);
        if (must_wait) {
            if (f->flags & O_NONBLOCK) {
                mutex_unlock(&p->lock);
                return done ? (long)done : -EAGAIN;
            }
            cond_wait(&p->writable, &p->lock);
            continue;
        }
        size_t tail = (p->head + p->count) % PIPE_SIZE;
        size_t n = PIPE_SIZE - tail;
        if (n > room)
            n = room;
        if (n > u->len)
            n = u->len;
        if (uio_copy_in(u, p->buf + tail, n) < 0) {
            mutex_unlock(&p->lock);
            return done ? (long)done : -EFAULT;
        }
        p->count += n;
        done += n;
        cond_broadcast(&p->readable);
    }
    mutex_unlock(&p->lock);
    return (long)done;
}

static void pipe_release(struct file *f)
{
    struct pipe *p = f->priv;
    mutex_lock(&p->lock);
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        p->readers--;
    else
        p->writers--;
    int last = p->readers == 0 && p->writers == 0;
    cond_broadcast(&p->readable);
    cond_broadcast(&p->writable);
    mutex_unlock(&p->lock);
    if (last) {
        kfree(p->buf);
        kfree(p);
    }
}

static long pipe_ioctl(struct file *f, unsigned cmd, unsigned long arg);

static const struct file_ops pipe_fops = {
    .read = pipe_read,
    .write = pipe_write,
    .release = pipe_release,
    .ioctl = pipe_ioctl,
};

#define FIONREAD 0x541b

static long pipe_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
    struct pipe *p = f->priv;
    if (cmd != FIONREAD)
        return -ENOTTY;
    mutex_lock(&p->lock);
    int n = (int)p->count;
    mutex_unlock(&p->lock);
    return copy_to_user((void *)arg, &n, sizeof n);
}

static void init_end(struct file *f, struct pipe *p, struct inode *ino, unsigned flags)
{
    static struct dentry pipe_dentry = { .name = "pipe:" };
    f->dentry = dentry_get(&pipe_dentry);
    f->inode = ino;
    inode_get(ino);
    f->ops = &pipe_fops;
    f->flags = flags;
    f->refs = 1;
    f->priv = p;
    mutex_init(&f->pos_lock);
}

int vfs_pipe(struct file **rd, struct file **wr, unsigned flags)
{
    struct pipe *p = kzalloc(sizeof *p);
    struct inode *ino = inode_new(&pipe_sb, S_IFIFO | 0600);
    char *buf = kmalloc(PIPE_SIZE);
    *rd = kzalloc(sizeof **rd);
    *wr = kzalloc(sizeof **wr);
    if (!p || !ino || !buf || !*rd || !*wr) {
        kfree(p);
        kfree(ino);
        kfree(buf);
        kfree(*rd);
        kfree(*wr);
        return -ENOMEM;
    }
    mutex_init(&p->lock);
    cond_init(&p->readable);
    cond_init(&p->writable);
    p->buf = buf;
    p->readers = p->writers = 1;
    ino->nlink = 0;             /* freed with the last end */
    ino->fops = &pipe_fops;
    init_end(*rd, p, ino, O_RDONLY | (flags & O_NONBLOCK));
    init_end(*wr, p, ino, O_WRONLY | (flags & O_NONBLOCK));
    inode_put(ino);
    return 0;
}
