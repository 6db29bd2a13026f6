/* frame.h - assembler macros that save and restore the general registers
 * in the order of struct trapframe (kernel/include/solo/arch.h), shared by
 * the interrupt stubs (isr.S) and the system-call entry (syscall.S). */
#ifndef SOLO_ARCH_FRAME_H
#define SOLO_ARCH_FRAME_H
#ifdef __ASSEMBLER__

.macro PUSH_REGS
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
.endm

.macro POP_REGS
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
.endm

#endif
#endif
