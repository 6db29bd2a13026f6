/* vfs.h - the virtual file system: inodes, dentries (the name cache),
 * mounts, open files and path walk. File systems (ramfs, devfs, procfs,
 * later ext2) provide inode_ops and file_ops; system calls in
 * kernel/linux/ call only what is declared here. */
#ifndef SOLO_VFS_H
#define SOLO_VFS_H

#include <stddef.h>
#include <stdint.h>
#include <solo/list.h>
#include <solo/sync.h>

#define VFS_NAME_MAX   255
#define VFS_PATH_MAX   4096
#define VFS_SYMLOOP_MAX 40

/* File types and permission bits, as in Linux's st_mode. */
#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)

/* open() flags (Linux values). */
#define O_ACCMODE   0003
#define O_RDONLY    00
#define O_WRONLY    01
#define O_RDWR      02
#define O_CREAT     0100
#define O_EXCL      0200
#define O_NOCTTY    0400
#define O_TRUNC     01000
#define O_APPEND    02000
#define O_NONBLOCK  04000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW  0400000
#define O_CLOEXEC   02000000
#define O_PATH      010000000

struct inode;
struct dentry;
struct file;
struct super_block;

/* A buffer that may live in the app (user) or in the kernel. */
struct uio {
    char *addr;
    size_t len;
    int user;
};
/* Copies n bytes out of src into the buffer and advances it; -EFAULT. */
int uio_copy_out(struct uio *u, const void *src, size_t n);
/* Copies n bytes from the buffer into dst and advances it; -EFAULT. */
int uio_copy_in(struct uio *u, void *dst, size_t n);

struct inode_ops {
    /* Fills d->inode for d->name in dir, or returns -ENOENT. */
    int (*lookup)(struct inode *dir, struct dentry *d);
    int (*create)(struct inode *dir, struct dentry *d, unsigned mode);
    int (*mkdir)(struct inode *dir, struct dentry *d, unsigned mode);
    int (*symlink)(struct inode *dir, struct dentry *d, const char *target);
    int (*unlink)(struct inode *dir, struct dentry *d);
    int (*rmdir)(struct inode *dir, struct dentry *d);
    int (*link)(struct inode *dir, struct dentry *d, struct inode *target);
    int (*rename)(struct inode *old_dir, struct dentry *old, struct inode *new_dir, struct dentry *new);
    /* Copies the symlink target into buf (not terminated); its length. */
    long (*readlink)(struct inode *ino, char *buf, size_t size);
    int (*truncate)(struct inode *ino, uint64_t size);
    /* For directories whose entries come and go by themselves (/proc/self/fd):
     * whether a cached child is still valid; a stale one is looked up again. */
    int (*revalidate)(struct inode *dir, struct dentry *d);
};

/* One directory entry handed to a readdir callback; returns 0 to go on. */
typedef int (*filldir_t)(void *ctx, const char *name, size_t len, uint64_t ino,
                         unsigned type, uint64_t next_pos);

struct file_ops {
    int (*open)(struct inode *ino, struct file *f);
    long (*read)(struct file *f, struct uio *u, uint64_t *pos);
    long (*write)(struct file *f, struct uio *u, uint64_t *pos);
    int (*readdir)(struct file *f, filldir_t fill, void *ctx);
    long (*ioctl)(struct file *f, unsigned cmd, unsigned long arg);
    void (*release)(struct file *f);
};

struct timespec64 {
    int64_t sec;
    int64_t nsec;
};

struct inode {
    uint64_t ino;
    unsigned mode;
    unsigned nlink;
    unsigned uid, gid;
    uint64_t size;
    uint64_t rdev;
    struct timespec64 atime, mtime, ctime;
    const struct inode_ops *iops;
    const struct file_ops *fops;
    struct super_block *sb;
    struct mutex lock;
    unsigned refs;
    void *priv;                 /* the file system's own data */
};

struct dentry {
    char name[VFS_NAME_MAX + 1];
    struct dentry *parent;
    struct inode *inode;        /* NULL: a negative entry */
    struct list children;
    struct list sibling;
    struct mount *mounted;      /* a file system mounted here */
    unsigned refs;
};

struct mount {
    struct dentry *mountpoint;  /* NULL for the root mount */
    struct dentry *root;
    struct super_block *sb;
    struct list node;
    char source[64];
};

struct super_block {
    const char *fs_name;
    uint64_t next_ino;
    unsigned long magic;        /* for statfs */
    unsigned flags;
};

struct file {
    struct inode *inode;
    struct dentry *dentry;
    const struct file_ops *ops;
    unsigned flags;             /* O_* given to open, minus creation flags */
    uint64_t pos;
    unsigned refs;
    struct mutex pos_lock;
    void *priv;
};

/* Path walk. */
struct dentry *vfs_root(void);
/* Resolves path from base (NULL: the root for absolute paths or the cwd).
 * follow_last: follow a final symlink. Returns a referenced dentry with an
 * inode, or an error pointer (see IS_ERR). */
struct dentry *vfs_lookup(struct dentry *base, const char *path, int follow_last);
/* The parent directory of path and its last component, for create/unlink. */
struct dentry *vfs_lookup_parent(struct dentry *base, const char *path, char *last);
void dentry_put(struct dentry *d);
struct dentry *dentry_get(struct dentry *d);
/* Writes the absolute path of d into buf; its length or -ERANGE. */
long vfs_path_of(struct dentry *d, char *buf, size_t size);

/* Operations on paths. */
struct file *vfs_open(struct dentry *base, const char *path, unsigned flags, unsigned mode);
int vfs_mkdir(struct dentry *base, const char *path, unsigned mode);
int vfs_symlink(struct dentry *base, const char *path, const char *target);
int vfs_unlink(struct dentry *base, const char *path);
int vfs_rmdir(struct dentry *base, const char *path);
/* rename(2): replaces an existing target atomically unless noreplace. */
int vfs_rename(struct dentry *obase, const char *opath, struct dentry *nbase, const char *npath,
               int noreplace);
int vfs_link(struct dentry *obase, const char *opath, struct dentry *nbase, const char *npath,
             int follow);
int vfs_truncate(struct inode *ino, uint64_t size);
int vfs_mknod_dev(struct dentry *base, const char *path, unsigned mode, const struct file_ops *fops);

/* Open files. */
struct file *file_open_dentry(struct dentry *d, unsigned flags);
struct file *file_get(struct file *f);
void file_put(struct file *f);
long vfs_read(struct file *f, struct uio *u, uint64_t *pos);
long vfs_write(struct file *f, struct uio *u, uint64_t *pos);
/* Reads exactly into a kernel buffer at pos; short only at end of file. */
long kernel_read(struct file *f, void *buf, size_t n, uint64_t pos);

/* Inodes and mounts. */
struct inode *inode_new(struct super_block *sb, unsigned mode);
void inode_get(struct inode *ino);
void inode_put(struct inode *ino);
int vfs_mount(struct dentry *where, struct super_block *sb, struct inode *root, const char *source);
void vfs_set_root(struct super_block *sb, struct inode *root, const char *source);
/* Calls fn for every mount, root first, with the path it is mounted on;
 * fn must not call back into the VFS's path functions. */
void vfs_for_each_mount(void (*fn)(const struct mount *m, const char *path, void *ctx), void *ctx);
void vfs_now(struct timespec64 *ts);

/* Error pointers: functions returning pointers encode -errno in them. */
#define ERR_PTR(e) ((void *)(intptr_t)(e))
#define PTR_ERR(p) ((long)(intptr_t)(p))
#define IS_ERR(p)  ((uintptr_t)(p) >= (uintptr_t)-4095)

/* ramfs: the RAM file system of the initrd root and of tmpfs. */
struct super_block *ramfs_new(const char *name, struct inode **root);
/* Unpacks a cpio (newc) archive into the tree under dir. */
int cpio_unpack(struct dentry *dir, const void *data, size_t size);
/* devfs: /dev's devices. */
int devfs_init(struct dentry *dev_dir);
/* A pipe's read and write ends (flags: O_NONBLOCK). */
int vfs_pipe(struct file **rd, struct file **wr, unsigned flags);
/* procfs: mounts /proc. */
int procfs_mount(void);

#endif
