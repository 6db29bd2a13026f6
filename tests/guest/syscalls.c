/* syscalls.c - system-call semantics, one line per case ("PASS name" or
 * "FAIL name: why"). The same program runs on the host's Linux (which
 * proves the expectations right) and as the app in the VM (which proves
 * the kernel right). Cases need nothing but a writable /tmp. */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static int failures;
static char dir[64];

static void check(const char *name, int ok, const char *why)
{
    if (ok) {
        printf("PASS %s\n", name);
    } else {
        printf("FAIL %s: %s (errno %d %s)\n", name, why, errno, strerror(errno));
        failures++;
    }
}

/* Never mapped: the kernel must say EFAULT. A volatile keeps the compiler
 * from seeing through it. */
static void *volatile bad_ptr = (void *)16;
#define BAD_PTR bad_ptr

static void files(void)
{
    char path[128], buf[64];
    snprintf(path, sizeof path, "%s/f", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0640);
    check("open-create", fd >= 0, "open O_CREAT|O_EXCL");
    check("open-excl-exists", open(path, O_RDWR | O_CREAT | O_EXCL, 0640) < 0 && errno == EEXIST, "EEXIST");
    check("write", write(fd, "hello world", 11) == 11, "write 11");
    check("lseek-set", lseek(fd, 6, SEEK_SET) == 6, "lseek 6");
    check("read-after-seek", read(fd, buf, 5) == 5 && memcmp(buf, "world", 5) == 0, "read world");
    check("read-eof", read(fd, buf, 5) == 0, "read at EOF returns 0");
    check("lseek-end", lseek(fd, 0, SEEK_END) == 11, "SEEK_END");
    check("lseek-negative", lseek(fd, -100, SEEK_SET) < 0 && errno == EINVAL, "EINVAL");
    check("pread", pread(fd, buf, 5, 0) == 5 && memcmp(buf, "hello", 5) == 0, "pread 0");
    check("pwrite-keeps-offset", pwrite(fd, "J", 1, 0) == 1 && lseek(fd, 0, SEEK_CUR) == 11, "offset kept");
    struct iovec iov[2] = { { "ab", 2 }, { "cd", 2 } };
    check("writev", writev(fd, iov, 2) == 4, "writev 4");
    struct stat st;
    check("fstat-size", fstat(fd, &st) == 0 && st.st_size == 15 && S_ISREG(st.st_mode), "size 15");
    check("fstat-mode", (st.st_mode & 0777) == 0640 || (st.st_mode & 0777) == (0640 & ~022), "mode");
    lseek(fd, 0, SEEK_SET);
    check("read-efault", read(fd, BAD_PTR, 4) < 0 && errno == EFAULT, "EFAULT");
    check("write-efault", write(fd, BAD_PTR, 4) < 0 && errno == EFAULT, "EFAULT");
    check("stat-path", stat(path, &st) == 0 && st.st_size == 15, "stat");
    struct statx sx;
    check("statx", statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &sx) == 0 && sx.stx_size == 15
          && S_ISREG(sx.stx_mode) && (sx.stx_mask & STATX_SIZE) && sx.stx_ino == st.st_ino, "statx");
    check("statx-enoent", statx(AT_FDCWD, "/no/such", 0, STATX_BASIC_STATS, &sx) < 0 && errno == ENOENT, "ENOENT");
    check("stat-enoent", stat("/no/such/file", &st) < 0 && errno == ENOENT, "ENOENT");
    check("stat-efault", stat(BAD_PTR, &st) < 0 && errno == EFAULT, "EFAULT");
    check("stat-enotdir", stat("/etc/hostname/x", &st) < 0 && errno == ENOTDIR, "ENOTDIR");
    int fd2 = dup(fd);
    check("dup-shares-offset", fd2 > fd && lseek(fd2, 3, SEEK_SET) == 3 && lseek(fd, 0, SEEK_CUR) == 3, "shared");
    check("dup2", dup2(fd, 50) == 50 && fcntl(50, F_GETFD) == 0, "dup2 to 50");
    check("dup3-cloexec", dup3(fd, 51, O_CLOEXEC) == 51 && fcntl(51, F_GETFD) == FD_CLOEXEC, "cloexec");
    check("fcntl-dupfd", fcntl(fd, F_DUPFD, 60) == 60, "F_DUPFD 60");
    check("fcntl-getfl", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR, "O_RDWR");
    check("fcntl-setfl-append", fcntl(fd, F_SETFL, O_APPEND) == 0 && (fcntl(fd, F_GETFL) & O_APPEND), "O_APPEND");
    check("close", close(fd2) == 0 && close(50) == 0 && close(51) == 0 && close(60) == 0, "close");
    check("close-ebadf", close(fd2) < 0 && errno == EBADF, "EBADF");
    check("read-ebadf", read(999, buf, 1) < 0 && errno == EBADF, "EBADF");
    close(fd);
    int ro = open(path, O_RDONLY);
    check("write-readonly-ebadf", write(ro, "x", 1) < 0 && errno == EBADF, "EBADF");
    close(ro);
    check("open-trunc", (fd = open(path, O_WRONLY | O_TRUNC)) >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "size 0");
    close(fd);
    check("open-directory-enotdir", open(path, O_RDONLY | O_DIRECTORY) < 0 && errno == ENOTDIR, "ENOTDIR");
    check("open-dir-write-eisdir", open(dir, O_WRONLY) < 0 && errno == EISDIR, "EISDIR");
    check("unlink", unlink(path) == 0 && access(path, F_OK) < 0 && errno == ENOENT, "gone");
    check("unlink-enoent", unlink(path) < 0 && errno == ENOENT, "ENOENT");
}

static void directories(void)
{
    char path[128], link[128], target[128];
    snprintf(path, sizeof path, "%s/d", dir);
    check("mkdir", mkdir(path, 0755) == 0, "mkdir");
    check("mkdir-eexist", mkdir(path, 0755) < 0 && errno == EEXIST, "EEXIST");
    check("mkdir-enoent", mkdir("/no/such/dir/x", 0755) < 0 && errno == ENOENT, "ENOENT");
    for (int i = 0; i < 5; i++) {
        char f[160];
        snprintf(f, sizeof f, "%s/file%d", path, i);
        close(open(f, O_CREAT | O_WRONLY, 0600));
    }
    DIR *d = opendir(path);
    int n = 0, dots = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            dots++;
        else if (strncmp(e->d_name, "file", 4) == 0 && e->d_type == DT_REG)
            n++;
    }
    if (d)
        closedir(d);
    check("getdents64", n == 5 && dots == 2, "5 files and . ..");
    check("rmdir-enotempty", rmdir(path) < 0 && errno == ENOTEMPTY, "ENOTEMPTY");
    snprintf(link, sizeof link, "%s/l", dir);
    check("symlink", symlink("d/file1", link) == 0, "symlink");
    ssize_t r = readlink(link, target, sizeof target);
    check("readlink", r == 7 && memcmp(target, "d/file1", 7) == 0, "d/file1");
    struct stat st;
    check("lstat-link", lstat(link, &st) == 0 && S_ISLNK(st.st_mode), "S_IFLNK");
    check("stat-follows", stat(link, &st) == 0 && S_ISREG(st.st_mode), "S_IFREG");
    check("readlink-einval", readlink(path, target, sizeof target) < 0 && errno == EINVAL, "EINVAL");
    check("chdir-getcwd", chdir(path) == 0 && getcwd(target, sizeof target) && strcmp(target, path) == 0, "cwd");
    check("relative-open", access("file2", F_OK) == 0, "relative path");
    check("dotdot", chdir("..") == 0 && getcwd(target, sizeof target) && strcmp(target, dir) == 0, "..");
    check("getcwd-erange", getcwd(target, 2) == NULL && errno == ERANGE, "ERANGE");
    for (int i = 0; i < 5; i++) {
        char f[160];
        snprintf(f, sizeof f, "%s/file%d", path, i);
        unlink(f);
    }
    check("rmdir", rmdir(path) == 0, "rmdir");
    check("unlink-symlink", unlink(link) == 0, "unlink link");
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    check("openat-dirfd", dfd >= 0 && mkdirat(dfd, "sub", 0700) == 0
          && faccessat(dfd, "sub", F_OK, 0) == 0 && unlinkat(dfd, "sub", AT_REMOVEDIR) == 0, "*at calls");
    close(dfd);
}

static void metadata(void)
{
    char a[128], b[128], buf[16];
    struct stat st, st2;
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    int fd = open(a, O_RDWR | O_CREAT | O_TRUNC, 0600);
    write(fd, "0123456789", 10);
    check("ftruncate-shrink", ftruncate(fd, 4) == 0 && fstat(fd, &st) == 0 && st.st_size == 4, "size 4");
    check("ftruncate-extend-zeros", ftruncate(fd, 8) == 0 && pread(fd, buf, 8, 0) == 8
          && memcmp(buf, "0123\0\0\0\0", 8) == 0, "zeros after 4");
    check("truncate-path", truncate(a, 2) == 0 && stat(a, &st) == 0 && st.st_size == 2, "size 2");
    check("truncate-einval", truncate(a, -1) < 0 && errno == EINVAL, "EINVAL");
    check("fsync", fsync(fd) == 0 && fdatasync(fd) == 0, "fsync");
    check("fsync-ebadf", fsync(999) < 0 && errno == EBADF, "EBADF");
    close(fd);
    check("link", link(a, b) == 0 && stat(a, &st) == 0 && stat(b, &st2) == 0
          && st.st_ino == st2.st_ino && st.st_nlink == 2, "same inode, nlink 2");
    check("link-eexist", link(a, b) < 0 && errno == EEXIST, "EEXIST");
    check("unlink-one-link", unlink(b) == 0 && stat(a, &st) == 0 && st.st_nlink == 1, "nlink 1");
    int other = open(b, O_RDWR | O_CREAT | O_TRUNC, 0600);
    write(other, "other", 5);
    close(other);
    check("rename-replaces", rename(a, b) == 0 && access(a, F_OK) < 0 && stat(b, &st) == 0
          && st.st_size == 2, "b is the old a");
    check("rename-enoent", rename(a, b) < 0 && errno == ENOENT, "ENOENT");
    char sub[140];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    mkdir(sub, 0755);
    check("rename-file-over-dir", rename(b, sub) < 0 && errno == EISDIR, "EISDIR");
    check("rename-dir-into-itself", rename(dir, sub) < 0 && errno == EINVAL, "EINVAL");
    check("renameat2-noreplace", syscall(SYS_renameat2, AT_FDCWD, b, AT_FDCWD, b, 1) == 0
          || errno == EEXIST, "same name");
    char moved[160];
    snprintf(moved, sizeof moved, "%s/sub/moved", dir);
    check("rename-across-dirs", rename(b, moved) == 0 && access(moved, F_OK) == 0, "moved");
    check("chmod", chmod(moved, 0604) == 0 && stat(moved, &st) == 0 && (st.st_mode & 07777) == 0604, "0604");
    check("chown-recorded", chown(moved, 1234, 5678) == 0 && stat(moved, &st) == 0
          && st.st_uid == 1234 && st.st_gid == 5678, "owner");
    struct timespec ts[2] = { { 1000000, 0 }, { 2000000, 500 } };
    check("utimensat", utimensat(AT_FDCWD, moved, ts, 0) == 0 && stat(moved, &st) == 0
          && st.st_mtim.tv_sec == 2000000 && st.st_mtim.tv_nsec == 500 && st.st_atim.tv_sec == 1000000,
          "times set");
    struct statfs sf;
    check("statfs", statfs(dir, &sf) == 0 && sf.f_bsize > 0 && sf.f_blocks > 0, "statfs");
    int fds[3];
    for (int i = 0; i < 3; i++)
        fds[i] = open(moved, O_RDONLY);
    check("close-range", syscall(SYS_close_range, fds[0], fds[2], 0) == 0
          && fcntl(fds[1], F_GETFD) < 0 && errno == EBADF, "closed");
    unlink(moved);
    rmdir(sub);
}

static void pipes(void)
{
    int p[2];
    char buf[8];
    check("pipe2", pipe2(p, O_CLOEXEC) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC, "cloexec");
    check("pipe-write-read", write(p[1], "abc", 3) == 3 && read(p[0], buf, 8) == 3
          && memcmp(buf, "abc", 3) == 0, "abc");
    struct stat st;
    check("pipe-fstat-fifo", fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "S_IFIFO");
    check("pipe-openat-enotdir", openat(p[0], "x", O_RDONLY) < 0 && errno == ENOTDIR, "ENOTDIR");
    check("pipe-fchdir-enotdir", fchdir(p[0]) < 0 && errno == ENOTDIR, "ENOTDIR");
    check("pipe-lseek-espipe", lseek(p[0], 0, SEEK_SET) < 0 && errno == ESPIPE, "ESPIPE");
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    check("pipe-nonblock-eagain", read(p[0], buf, 1) < 0 && errno == EAGAIN, "EAGAIN");
    check("pipe-write-end-ebadf", read(p[1], buf, 1) < 0 && errno == EBADF, "EBADF");
    close(p[1]);
    check("pipe-eof", read(p[0], buf, 1) == 0, "0 at the end");
    close(p[0]);
    pipe(p);
    close(p[0]);
    signal(SIGPIPE, SIG_IGN);
    check("pipe-epipe", write(p[1], "x", 1) < 0 && errno == EPIPE, "EPIPE");
    close(p[1]);
    check("pipe2-einval", pipe2(p, 0x7fffffff) < 0 && errno == EINVAL, "EINVAL");
    check("pipe-efault", pipe(BAD_PTR) < 0 && errno == EFAULT, "EFAULT");
}

static void memory(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *p = mmap(NULL, 16 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check("mmap-anon", p != MAP_FAILED, "mmap");
    int zero = 1;
    for (long i = 0; i < 16 * page; i++)
        zero &= p[i] == 0;
    check("mmap-zeroed", zero, "fresh memory is zero");
    memset(p, 7, 16 * page);
    check("mprotect", mprotect(p + 4 * page, page, PROT_READ) == 0 && p[4 * page] == 7, "read-only keeps data");
    check("munmap-middle", munmap(p + 8 * page, 2 * page) == 0 && p[7 * page] == 7 && p[10 * page] == 7, "split");
    check("mmap-fixed-noreplace", mmap(p, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                                       -1, 0) == MAP_FAILED && errno == EEXIST, "EEXIST");
    char *f = mmap(p + 8 * page, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    check("mmap-fixed-hole", f == p + 8 * page && f[0] == 0, "fills the hole");
    unsigned char vec[16];
    madvise(p, 8 * page, MADV_DONTNEED);
    p[0] = 1;
    check("mincore", mincore(p, 8 * page, vec) == 0 && (vec[0] & 1) && !(vec[3] & 1), "page 0 resident, 3 not");
    check("mincore-hole-enomem", mincore(p, 16 * page, vec) < 0 && errno == ENOMEM, "page 9 unmapped");
    check("msync", msync(p, 8 * page, MS_SYNC) == 0, "msync");
    check("munmap", munmap(p, 16 * page) == 0, "munmap all");
    check("mincore-enomem", mincore(p, page, vec) < 0 && errno == ENOMEM, "ENOMEM");
    check("msync-enomem", msync(p, page, MS_SYNC) < 0 && errno == ENOMEM, "ENOMEM");
    check("mmap-einval", mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED
          && errno == EINVAL, "length 0");
    check("munmap-einval", munmap((char *)p + 1, page) < 0 && errno == EINVAL, "unaligned");
    char *huge = mmap(NULL, 64ul << 30, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    check("reserve-64g", huge != MAP_FAILED, "64 GiB PROT_NONE");
    check("commit-inside", mprotect(huge + (32ul << 30), 1 << 20, PROT_READ | PROT_WRITE) == 0
          && (huge[(32ul << 30) + 5] = 1) == 1, "1 MiB committed");
    check("unreserve", munmap(huge, 64ul << 30) == 0, "munmap 64 GiB");
    void *b0 = sbrk(0);
    check("brk-grow", sbrk(1 << 20) == b0 && (((char *)b0)[(1 << 20) - 1] = 1) == 1, "1 MiB heap");
    check("brk-shrink", sbrk(-(1 << 20)) != (void *)-1 && sbrk(0) == b0, "back");
    char *q = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(q, 9, 4 * page);
    check("madvise-dontneed-zeroes", madvise(q + page, page, MADV_DONTNEED) == 0 && q[page] == 0
          && q[0] == 9 && q[2 * page] == 9, "zero page, neighbours kept");
    char *r = mremap(q, 4 * page, 64 * page, MREMAP_MAYMOVE);
    check("mremap-grow-keeps-data", r != MAP_FAILED && r[0] == 9 && r[3 * page] == 9
          && r[page] == 0 && r[63 * page] == 0, "data moved, new part zero");
    char *s2 = mremap(r, 64 * page, 2 * page, 0);
    check("mremap-shrink", s2 == r && s2[0] == 9, "in place");
    check("mremap-einval", mremap(s2, 2 * page, 0, 0) == MAP_FAILED && errno == EINVAL, "EINVAL");
    munmap(s2, 2 * page);
    char path[128];
    snprintf(path, sizeof path, "%s/m", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    write(fd, "mapped file data", 16);
    char *m = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    check("mmap-file-private", m != MAP_FAILED && memcmp(m, "mapped file data", 16) == 0 && m[16] == 0, "data");
    m[0] = 'M';
    char buf[4];
    check("private-copy", pread(fd, buf, 1, 0) == 1 && buf[0] == 'm', "file unchanged");
    munmap(m, page);
    close(fd);
    unlink(path);
}

static void process(void)
{
    struct utsname u;
    check("uname", uname(&u) == 0 && strcmp(u.sysname, "Linux") == 0 && strcmp(u.machine, "x86_64") == 0, "Linux x86_64");
    check("getpid", getpid() > 0 && getppid() >= 0, "ids");
    check("gettid-main", syscall(SYS_gettid) == getpid(), "main thread tid = pid");
    char r[64] = { 0 };
    check("getrandom", getrandom(r, sizeof r, 0) == sizeof r, "64 bytes");
    check("getrandom-efault", getrandom(BAD_PTR, 8, 0) < 0 && errno == EFAULT, "EFAULT");
    struct timespec a, b;
    check("clock-monotonic", clock_gettime(CLOCK_MONOTONIC, &a) == 0 && clock_gettime(CLOCK_MONOTONIC, &b) == 0
          && (b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec)), "never backwards");
    check("clock-realtime", clock_gettime(CLOCK_REALTIME, &a) == 0 && a.tv_sec > 1600000000, "after 2020");
    check("clock-einval", clock_gettime(12345, &a) < 0 && errno == EINVAL, "EINVAL");
    /* compat CASE-08: monotonic time counts from boot, like sysinfo's uptime. */
    struct sysinfo si;
    struct timespec res, rt, mono;
    clock_gettime(CLOCK_REALTIME, &rt);
    clock_gettime(CLOCK_MONOTONIC, &mono);
    long boot_by_clocks = rt.tv_sec - mono.tv_sec;
    check("monotonic-since-boot", sysinfo(&si) == 0 && labs((time(NULL) - si.uptime) - boot_by_clocks) <= 2,
          "realtime - monotonic = boot time");
    check("clock-getres", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0
          && res.tv_nsec > 0 && res.tv_nsec <= 1000000, "resolution <= 1 ms");
    struct timespec req = { 0, 20000000 };
    clock_gettime(CLOCK_MONOTONIC, &a);
    nanosleep(&req, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ns = (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec);
    check("nanosleep", ns >= 20000000, "slept at least 20 ms");
    req.tv_nsec = 2000000000;
    check("nanosleep-einval", nanosleep(&req, NULL) < 0 && errno == EINVAL, "EINVAL");
    check("umask", umask(027) == 022 && umask(022) == 027, "umask");
    uid_t ru, eu, su;
    check("getresuid", getresuid(&ru, &eu, &su) == 0 && ru == getuid() && eu == geteuid(), "ids");
    check("setuid-same", setuid(getuid()) == 0 && setgid(getgid()) == 0, "no change");
    check("getpgid-getsid", getpgid(0) == getpid() || getpgid(0) > 0, "process group");
    struct rusage ru2;
    check("getrusage", getrusage(RUSAGE_SELF, &ru2) == 0 && ru2.ru_maxrss > 0, "maxrss");
    check("getrusage-einval", getrusage(12345, &ru2) < 0 && errno == EINVAL, "EINVAL");
    char exe[256];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = 0;
    check("proc-self-exe", n > 0 && exe[0] == '/', "absolute path");
    /* compat CASE-05: glibc finds the main thread's stack in /proc/self/maps. */
    pthread_attr_t attr;
    void *stack_addr;
    size_t stack_size;
    int local;
    check("pthread-getattr-main-stack", pthread_getattr_np(pthread_self(), &attr) == 0
          && pthread_attr_getstack(&attr, &stack_addr, &stack_size) == 0
          && (char *)&local >= (char *)stack_addr && (char *)&local < (char *)stack_addr + stack_size
          && stack_size >= (1u << 20), "the stack holds a local");
    char fdpath[64], target[256];
    int fd = open("/proc/self/exe", O_RDONLY);
    snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
    n = readlink(fdpath, target, sizeof target - 1);
    target[n > 0 ? n : 0] = 0;
    check("proc-self-fd-link", n > 0 && strcmp(target, exe) == 0, "fd link to the file");
    DIR *d = opendir("/proc/self/fd");
    int seen = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        seen |= atoi(e->d_name) == fd && e->d_name[0] != '.';
    if (d)
        closedir(d);
    check("proc-self-fd-list", seen, "the fd is listed");
    close(fd);
    check("proc-self-fd-gone", readlink(fdpath, target, sizeof target) < 0 && errno == ENOENT, "closed fd gone");
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/syscalls-%d", (int)getpid());
    rmdir(dir);
    if (mkdir(dir, 0755) < 0) {
        printf("FAIL setup: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    umask(022);
    files();
    directories();
    metadata();
    pipes();
    memory();
    process();
    rmdir(dir);
    printf("syscalls: %d failed\n", failures);
    return failures ? 1 : 0;
}
