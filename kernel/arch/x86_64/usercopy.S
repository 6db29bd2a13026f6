/* usercopy.S - copies to and from app memory that may fault.
 *
 * Every instruction here that touches app memory is listed in the
 * .uaccess_fixup table with the place to continue if it faults; the page
 * fault handler (after trying to fault the page in) jumps there, and the
 * function returns -EFAULT. With SMAP on, STAC/CLAC open the app's pages
 * to the kernel for the copy only. Word loops, not `rep movs`: under TCG a
 * rep-prefixed instruction is many times slower.
 */
#define EFAULT 14

.macro FIXUP insn_label, fixup_label
    .pushsection .uaccess_fixup, "a"
    .quad \insn_label, \fixup_label
    .popsection
.endm

.macro USER_OPEN
    cmpb $0, smap_enabled(%rip)
    je 90f
    stac
90:
.endm

.macro USER_CLOSE
    cmpb $0, smap_enabled(%rip)
    je 91f
    clac
91:
.endm

    .text
    /* long uaccess_copy(void *dst, const void *src, size_t n): 0 or -EFAULT */
    .globl uaccess_copy
uaccess_copy:
    USER_OPEN
    cmp $8, %rdx
    jb 2f
1:  mov (%rsi), %rax
10: mov %rax, (%rdi)
    add $8, %rsi
    add $8, %rdi
    sub $8, %rdx
    cmp $8, %rdx
    jae 1b
2:  test %rdx, %rdx
    jz 4f
3:  movb (%rsi), %al
11: movb %al, (%rdi)
    inc %rsi
    inc %rdi
    dec %rdx
    jnz 3b
4:  USER_CLOSE
    xor %eax, %eax
    ret
    FIXUP 1b, copy_fault
    FIXUP 10b, copy_fault
    FIXUP 3b, copy_fault
    FIXUP 11b, copy_fault

copy_fault:
    USER_CLOSE
    mov $-EFAULT, %rax
    ret

    /* long uaccess_clear(void *dst, size_t n): 0 or -EFAULT */
    .globl uaccess_clear
uaccess_clear:
    USER_OPEN
    xor %eax, %eax
    cmp $8, %rsi
    jb 2f
1:  mov %rax, (%rdi)
    add $8, %rdi
    sub $8, %rsi
    cmp $8, %rsi
    jae 1b
2:  test %rsi, %rsi
    jz 4f
3:  movb %al, (%rdi)
    inc %rdi
    dec %rsi
    jnz 3b
4:  USER_CLOSE
    ret
    FIXUP 1b, copy_fault
    FIXUP 3b, copy_fault

    /* long uaccess_strncpy(char *dst, const char *src, size_t max):
     * the length copied without the NUL, -EFAULT, or max when no NUL was
     * found in max bytes. */
    .globl uaccess_strncpy
uaccess_strncpy:
    USER_OPEN
    xor %ecx, %ecx
1:  cmp %rdx, %rcx
    je 3f
2:  movb (%rsi,%rcx), %al
    movb %al, (%rdi,%rcx)
    test %al, %al
    jz 3f
    inc %rcx
    jmp 1b
3:  USER_CLOSE
    mov %rcx, %rax
    ret
    FIXUP 2b, copy_fault
