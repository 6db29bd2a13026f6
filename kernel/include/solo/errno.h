/* errno.h - Linux errno values; kernel functions return their negatives. */
#ifndef SOLO_ERRNO_H
#define SOLO_ERRNO_H

#define EPERM    1
#define ENOENT   2
#define EINTR    4
#define EIO      5
#define E2BIG    7
#define EAGAIN  11
#define ENOMEM  12
#define EFAULT  14
#define EBUSY   16
#define EEXIST  17
#define EINVAL  22
#define ENOSPC  28
#define ERANGE  34
#define ENOSYS  38
#define ETIMEDOUT 110

#endif
