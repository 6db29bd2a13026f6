/* crash.c - a program that dies of the signal named by its argument:
 * segv (a NULL read), ill (an invalid instruction) or fpe (divide by zero);
 * the VM must end with status 128 + the signal and a report. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "segv";
    volatile int zero = 0;
    fflush(stdout);
    if (strcmp(how, "ill") == 0)
        __asm__ volatile("ud2");
    if (strcmp(how, "fpe") == 0)
        __asm__ volatile("xor %%ecx, %%ecx; div %%ecx" ::: "eax", "ecx", "edx");
    return *(volatile int *)(long)zero;
}
