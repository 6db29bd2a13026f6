/* syscall.S - the app's way into the kernel and back.
 *
 * syscall_entry is where SYSCALL lands (MSR_LSTAR): it switches to the
 * current thread's kernel stack, builds a struct trapframe exactly like an
 * interrupt would, and calls syscall_handler(frame) with interrupts on. The
 * way back is SYSRET when the frame still describes a normal 64-bit return
 * to a canonical address, IRET otherwise (a changed frame, e.g. later by
 * a signal, may ask for anything).
 * user_enter(frame) starts the app: it leaves the kernel through IRET.
 */
#include <solo/percpu.h>
#include "frame.h"

#define USER_CS 0x2b
#define USER_SS 0x23
#define SYSCALL_VECTOR 0x100

    .text
    .globl syscall_entry
syscall_entry:
    swapgs
    mov %rsp, %gs:CPU_USER_RSP
    mov %gs:CPU_KERNEL_RSP, %rsp
    pushq $USER_SS
    pushq %gs:CPU_USER_RSP
    pushq %r11                  /* RFLAGS */
    pushq $USER_CS
    pushq %rcx                  /* RIP */
    pushq $0                    /* error code */
    pushq $SYSCALL_VECTOR
    PUSH_REGS
    xor %ebp, %ebp
    mov %rsp, %rdi
    sti
    call syscall_handler
    cli
    /* SYSRET only for a canonical RIP (SYSRET to a non-canonical one faults
     * in ring 0 on Intel CPUs) and an unchanged code and stack segment. */
    movq 17*8(%rsp), %rcx       /* RIP */
    movq %rcx, %r11
    sarq $47, %r11
    jnz return_iret
    cmpq $USER_CS, 18*8(%rsp)
    jne return_iret
    cmpq $USER_SS, 21*8(%rsp)
    jne return_iret
    POP_REGS                    /* rcx and r11 are overwritten below */
    movq 16(%rsp), %rcx         /* RIP */
    movq 32(%rsp), %r11         /* RFLAGS */
    movq 40(%rsp), %rsp         /* the app's stack */
    swapgs
    sysretq

return_iret:
    POP_REGS
    add $16, %rsp
    swapgs
    iretq

    /* user_enter(struct trapframe *frame): start running the app. */
    .globl user_enter
user_enter:
    cli
    mov %rdi, %rsp
    jmp return_iret
