/*
 * bench/linux-init.c - the Linux guest's /init for bench/boot-time.sh.
 *
 * The first user-space program of the Linux side of the boot-time
 * benchmark: it prints the marker line "linux-init: ready" on the console
 * and powers the VM off at once, so QEMU exits. Built with gcc -static.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

static const char marker[] = "linux-init: ready\n";

/* Opens the console; mounts devtmpfs first if the initramfs has no node. */
static int open_console(void)
{
	int fd = open("/dev/console", O_WRONLY | O_NOCTTY);

	if (fd >= 0)
		return fd;
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	fd = open("/dev/console", O_WRONLY | O_NOCTTY);
	return fd >= 0 ? fd : STDOUT_FILENO;
}

int main(void)
{
	int fd = open_console();

	if (write(fd, marker, strlen(marker)) < 0)
		(void)write(STDOUT_FILENO, marker, strlen(marker));
	fsync(fd);
	reboot(RB_POWER_OFF);
	/* Only reached if power-off failed: init exiting panics the kernel,
	 * and panic=-1 with QEMU's -no-reboot ends the VM. */
	return 1;
}
