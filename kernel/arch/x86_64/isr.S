/* isr.S - the 256 interrupt and exception entry stubs and their common path.
 *
 * Each stub is 16 bytes (so idt.c finds stub i at isr_stubs + 16*i), pushes a
 * zero error code where the CPU does not push one, then the vector, and jumps
 * to isr_common, which saves the registers as a struct trapframe and calls
 * trap_handler(frame).
 */
#include "frame.h"

    .text
    .p2align 4
    .globl isr_stubs
isr_stubs:
    .set vec, 0
    .rept 256
    .p2align 4
    .if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
    .else
    pushq $0
    .endif
    pushq $vec
    jmp isr_common
    .set vec, vec + 1
    .endr

isr_common:
    /* From the app (ring 3): the kernel's GS base comes back with swapgs. */
    testb $3, 24(%rsp)
    jz 1f
    swapgs
1:  PUSH_REGS
    cld
    mov %rsp, %rdi
    call trap_handler
    POP_REGS
    add $16, %rsp
    testb $3, 8(%rsp)
    jz 2f
    swapgs
2:  iretq
