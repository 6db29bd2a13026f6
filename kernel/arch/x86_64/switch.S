/* switch.S - switching kernel threads.
 *
 * context_switch(&old->sp, new_sp) saves the callee-saved registers on the
 * old thread's stack, stores its stack pointer, loads the new one and returns
 * into the new thread. A new thread's stack is prepared by sched.c so that
 * this returns into thread_entry_asm, which calls thread_start(thread).
 */
    .text
    .globl context_switch
context_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret

    .globl thread_entry_asm
thread_entry_asm:
    mov %r12, %rdi          /* the thread, placed in r12 by sched.c */
    xor %ebp, %ebp          /* ends backtraces */
    call thread_start
    ud2

    /* call_on_stack(fn, top): runs fn on a fresh stack; fn never returns. */
    .globl call_on_stack
call_on_stack:
    mov %rsi, %rsp
    xor %ebp, %ebp
    call *%rdi
    ud2
