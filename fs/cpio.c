/* cpio.c - unpacks a cpio archive in the "newc" format (what the Linux
 * initramfs uses and `cpio -H newc` writes) into a directory tree. */
#include <solo/vfs.h>
#include <solo/errno.h>
#include <solo/klog.h>
#include <solo/mm.h>
#include <solo/string.h>

#define HEADER_SIZE 110

struct cpio_entry {
    unsigned mode;
    uint64_t mtime;
    size_t filesize, namesize;
    const char *name;
    const char *data;
};

static int hex8(const char *p, size_t *out)
{
    size_t v = 0;
    for (int i = 0; i < 8; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -EINVAL;
        v = v * 16 + (size_t)d;
    }
    *out = v;
    return 0;
}

static size_t align4(size_t x)
{
    return (x + 3) & ~(size_t)3;
}

/* Parses the entry at off; returns the offset of the next one, or -EINVAL. */
static long parse_entry(const char *base, size_t size, size_t off, struct cpio_entry *e)
{
    size_t f[13];
    if (off + HEADER_SIZE > size || memcmp(base + off, "070701", 6) != 0)
        return -EINVAL;
    for (int i = 0; i < 13; i++)
        if (hex8(base + off + 6 + 8 * i, &f[i]) < 0)
            return -EINVAL;
    e->mode = (unsigned)f[1];
    e->mtime = f[5];
    e->filesize = f[6];
    e->namesize = f[11];
    size_t name_off = off + HEADER_SIZE;
    size_t data_off = align4(name_off + e->namesize);
    if (e->namesize == 0 || name_off + e->namesize > size || base[name_off + e->namesize - 1]
        || data_off + e->filesize > size)
        return -EINVAL;
    e->name = base + name_off;
    e->data = base + data_off;
    return (long)align4(data_off + e->filesize);
}

static int write_file(struct dentry *dir, const struct cpio_entry *e)
{
    struct file *f = vfs_open(dir, e->name, O_WRONLY | O_CREAT | O_TRUNC, e->mode & 07777);
    if (IS_ERR(f))
        return (int)PTR_ERR(f);
    uint64_t pos = 0;
    struct uio u = { (char *)e->data, e->filesize, 0 };
    long n = vfs_write(f, &u, &pos);
    f->inode->mode = e->mode;
    f->inode->mtime.sec = (int64_t)e->mtime;
    file_put(f);
    return n < 0 ? (int)n : n == (long)e->filesize ? 0 : -EIO;
}

static int make_entry(struct dentry *dir, const struct cpio_entry *e)
{
    if (strcmp(e->name, ".") == 0)
        return 0;
    switch (e->mode & S_IFMT) {
    case S_IFDIR: {
        int err = vfs_mkdir(dir, e->name, e->mode & 07777);
        return err == -EEXIST ? 0 : err;
    }
    case S_IFREG:
        return write_file(dir, e);
    case S_IFLNK: {
        char *target = kmalloc(e->filesize + 1);
        if (!target)
            return -ENOMEM;
        memcpy(target, e->data, e->filesize);
        target[e->filesize] = 0;
        int err = vfs_symlink(dir, e->name, target);
        kfree(target);
        return err;
    }
    default:
        kprintf("initrd: %s: special files are not unpacked (mode %o)\n", e->name, e->mode);
        return 0;
    }
}

int cpio_unpack(struct dentry *dir, const void *data, size_t size)
{
    const char *base = data;
    size_t off = 0;
    int files = 0;
    for (;;) {
        struct cpio_entry e;
        long next = parse_entry(base, size, off, &e);
        if (next < 0) {
            kprintf("initrd: not a cpio (newc) archive, or damaged at byte %zu\n", off);
            return -EINVAL;
        }
        if (strcmp(e.name, "TRAILER!!!") == 0)
            break;
        int err = make_entry(dir, &e);
        if (err < 0) {
            kprintf("initrd: cannot create %s: error %d\n", e.name, -err);
            return err;
        }
        files++;
        off = (size_t)next;
    }
    kprintf("initrd: %d entries unpacked\n", files);
    return files;
}
