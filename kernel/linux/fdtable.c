/* fdtable.c - the app's file descriptor table. */
#include <solo/process.h>
#include <solo/errno.h>

struct process app;

int fd_install(struct file *f, int cloexec, int min_fd)
{
    if (min_fd < 0 || min_fd >= FD_MAX)
        return -EINVAL;
    mutex_lock(&app.fd_lock);
    for (int fd = min_fd; fd < FD_MAX; fd++) {
        if (!app.fd[fd]) {
            app.fd[fd] = f;
            app.fd_cloexec[fd] = (unsigned char)(cloexec != 0);
            mutex_unlock(&app.fd_lock);
            return fd;
        }
    }
    mutex_unlock(&app.fd_lock);
    return -EMFILE;
}

struct file *fd_get(int fd)
{
    if (fd < 0 || fd >= FD_MAX)
        return NULL;
    mutex_lock(&app.fd_lock);
    struct file *f = app.fd[fd];
    if (f)
        file_get(f);
    mutex_unlock(&app.fd_lock);
    return f;
}

int fd_close(int fd)
{
    if (fd < 0 || fd >= FD_MAX)
        return -EBADF;
    mutex_lock(&app.fd_lock);
    struct file *f = app.fd[fd];
    app.fd[fd] = NULL;
    mutex_unlock(&app.fd_lock);
    if (!f)
        return -EBADF;
    file_put(f);
    return 0;
}

int fd_dup_to(int fd, int newfd, int cloexec)
{
    if (newfd < 0 || newfd >= FD_MAX)
        return -EBADF;
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    mutex_lock(&app.fd_lock);
    struct file *old = app.fd[newfd];
    app.fd[newfd] = f;
    app.fd_cloexec[newfd] = (unsigned char)(cloexec != 0);
    mutex_unlock(&app.fd_lock);
    if (old)
        file_put(old);
    return newfd;
}
