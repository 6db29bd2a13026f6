/* hello.c - the first guest program: prints its arguments, part of its
 * environment and its working directory, then exits with the status given
 * as its first argument (default 0). Built static, static-PIE and dynamic. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char cwd[256];
    printf("hello: argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("hello: argv[%d]=%s\n", i, argv[i]);
    const char *greeting = getenv("GREETING");
    printf("hello: GREETING=%s\n", greeting ? greeting : "(unset)");
    printf("hello: cwd=%s\n", getcwd(cwd, sizeof cwd) ? cwd : "(error)");
    return argc > 1 ? atoi(argv[1]) : 0;
}
