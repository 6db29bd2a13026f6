/* process.h - the one process Solo runs: the app. Its address space, its
 * open files, its working directory and what /proc/self shows of it. */
#ifndef SOLO_PROCESS_H
#define SOLO_PROCESS_H

#include <solo/vfs.h>
#include <solo/vma.h>
#include <solo/sync.h>

#define FD_MAX 1024             /* RLIMIT_NOFILE */
#define APP_PID 1

struct process {
    struct mm *mm;
    struct mutex fd_lock;
    struct file *fd[FD_MAX];
    unsigned char fd_cloexec[FD_MAX];
    struct dentry *cwd;
    unsigned umask;
    char exe[VFS_PATH_MAX];     /* the program's absolute path */
    char *cmdline;              /* argv, each NUL-terminated */
    size_t cmdline_len;
};

extern struct process app;

/* The lowest free descriptor >= min_fd for f (which the table now holds),
 * or -EMFILE. */
int fd_install(struct file *f, int cloexec, int min_fd);
/* A referenced file for fd (file_put it), or NULL. */
struct file *fd_get(int fd);
int fd_close(int fd);
/* Makes newfd refer to fd's file (dup2/dup3 semantics). */
int fd_dup_to(int fd, int newfd, int cloexec);

/* Starts the app named on the boot command line; returns only on failure,
 * with the shell's exit status for it (126, 127). */
int app_start(void);
/* Ends the app and powers off with its status. */
_Noreturn void app_exit(int status);

#endif
