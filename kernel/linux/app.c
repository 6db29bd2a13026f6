/* app.c - starts the app named on the boot command line and ends the VM
 * when it exits. The command line gives the program and its arguments
 * after "--", and env=NAME=VALUE (repeatable), cwd=PATH and aslr=0|1 before
 * it. A program name without a slash is looked up in PATH. */
#include <solo/process.h>
#include <solo/exec.h>
#include <solo/cmdline.h>
#include <solo/klog.h>
#include <solo/power.h>
#include <solo/sched.h>
#include <solo/string.h>
#include <solo/arch.h>
#include <solo/errno.h>
#include <solo/mm.h>

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static struct exec_args args;
static char resolved[VFS_PATH_MAX];

_Noreturn void app_exit(int status)
{
    power_off(status);
}

static const char *env_value(const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < args.envc; i++)
        if (strncmp(args.envp[i], name, n) == 0 && args.envp[i][n] == '=')
            return args.envp[i] + n + 1;
    return NULL;
}

/* Finds prog in PATH like a shell: the first regular, executable match. */
static const char *find_program(const char *prog)
{
    if (strchr(prog, '/'))
        return prog;
    const char *path = env_value("PATH");
    if (!path)
        path = DEFAULT_PATH;
    for (const char *p = path; *p; ) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len + 1 + strlen(prog) + 1 <= sizeof resolved) {
            memcpy(resolved, len ? p : ".", len ? len : 1);
            size_t k = len ? len : 1;
            resolved[k] = '/';
            strlcpy(resolved + k + 1, prog, sizeof resolved - k - 1);
            struct dentry *d = vfs_lookup(app.cwd, resolved, 1);
            if (!IS_ERR(d)) {
                int ok = S_ISREG(d->inode->mode) && (d->inode->mode & 0111);
                dentry_put(d);
                if (ok)
                    return resolved;
            }
        }
        p += len + (end ? 1 : 0);
        if (!end)
            break;
    }
    return NULL;
}

static void open_console(void)
{
    for (int fd = 0; fd < 3; fd++) {
        struct file *f = vfs_open(NULL, "/dev/console", O_RDWR, 0);
        if (IS_ERR(f) || fd_install(f, 0, fd) != fd)
            kprintf("app: cannot open /dev/console as fd %d\n", fd);
    }
}

static void save_cmdline(void)
{
    size_t len = 0;
    for (int i = 0; i < args.argc; i++)
        len += strlen(args.argv[i]) + 1;
    app.cmdline = kmalloc(len ? len : 1);
    if (!app.cmdline)
        return;
    char *p = app.cmdline;
    for (int i = 0; i < args.argc; i++) {
        size_t n = strlen(args.argv[i]) + 1;
        memcpy(p, args.argv[i], n);
        p += n;
    }
    app.cmdline_len = len;
}

static void app_thread(void *arg)
{
    (void)arg;
    thread_current()->user = 1;
    struct exec_result res = { 0, 0, NULL, NULL };
    int status = exec_load(&args, &res);
    if (status) {
        if (res.detail)
            kprintf_raw("solo: %s: %s: %s\n", args.path, res.why, res.detail);
        else
            kprintf_raw("solo: %s: %s\n", args.path, res.why);
        app_exit(status);
    }
    vfs_path_of(vfs_root(), app.exe, sizeof app.exe);
    struct dentry *d = vfs_lookup(app.cwd, args.path, 1);
    if (!IS_ERR(d)) {
        vfs_path_of(d, app.exe, sizeof app.exe);
        dentry_put(d);
    }
    /* The frame lives in this function's own stack frame: what lies above
     * it is abandoned, since entries from the app start at the stack top. */
    struct trapframe tf;
    memset(&tf, 0, sizeof tf);
    tf.rip = res.entry;
    tf.rsp = res.sp;
    tf.cs = 0x2b;
    tf.ss = 0x23;
    tf.rflags = 0x202;
    user_enter(&tf);
}

static int parse_command(void)
{
    const struct cmdline *c = &boot_cmdline;
    args.aslr = 1;
    for (int i = 0; i < c->nopts; i++) {
        if (strcmp(c->key[i], "env") == 0 && args.envc < EXEC_MAX_ARGS)
            args.envp[args.envc++] = c->value[i];
        else if (strcmp(c->key[i], "aslr") == 0 && strcmp(c->value[i], "0") == 0)
            args.aslr = 0;
        else if (strcmp(c->key[i], "aslr") == 0 && strcmp(c->value[i], "1") != 0)
            kprintf("warning: aslr=%s: expected 0 or 1; keeping 1\n", c->value[i]);
    }
    for (int i = 0; i < c->nargs && i < EXEC_MAX_ARGS; i++)
        args.argv[args.argc++] = c->args[i];
    return args.argc;
}

int app_start(void)
{
    if (!parse_command())
        return 0;
    static struct mm mm;
    app.mm = &mm;
    mutex_init(&app.fd_lock);
    app.umask = 022;
    const char *cwd = cmdline_get(&boot_cmdline, "cwd");
    struct dentry *d = vfs_lookup(NULL, cwd ? cwd : "/", 1);
    if (IS_ERR(d) || !S_ISDIR(d->inode->mode)) {
        kprintf_raw("solo: cwd=%s: not a directory\n", cwd);
        return 126;
    }
    app.cwd = d;
    open_console();
    args.path = find_program(args.argv[0]);
    if (!args.path) {
        kprintf_raw("solo: %s: command not found\n", args.argv[0]);
        return 127;
    }
    save_cmdline();
    struct thread *t = thread_create("app", app_thread, NULL);
    if (!t) {
        kprintf_raw("solo: no memory to start the app\n");
        return 126;
    }
    thread_join(t);     /* the app ends the VM itself */
    return 126;
}
