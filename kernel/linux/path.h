/* path.h - helpers shared by the file system calls (fs.c, fsmeta.c): paths
 * and directories from the app, *at() resolution, stat. */
#ifndef SOLO_LINUX_PATH_H
#define SOLO_LINUX_PATH_H

#include <solo/vfs.h>

#define AT_FDCWD            -100
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_EMPTY_PATH       0x1000

/* A path from the app, copied in (kfree it); NULL with -errno in *err. */
char *user_path(const char *upath, long *err);
/* The directory a *at call starts from (dentry_put it), or NULL. */
struct dentry *at_dir(int dirfd, long *err);
/* (dirfd, path, AT_* flags) to a referenced dentry, or NULL. */
struct dentry *resolve_at(int dirfd, const char *upath, int flags, long *err);
/* Writes a Linux struct stat for ino to the app. */
long fill_stat(struct inode *ino, void *ubuf);

#endif
