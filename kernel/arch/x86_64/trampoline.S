/* trampoline.S - where an application processor starts after INIT-SIPI-SIPI.
 *
 * smp.c copies this code to TRAMPOLINE_PHYS (below 1 MiB) and fills in the
 * page table, stack and entry words at its end. The AP goes from real mode
 * to protected mode to long mode with the kernel's page table (whose low
 * identity map is kept until every AP is up) and jumps to ap_entry(cpu).
 */
#define TRAMPOLINE_PHYS 0x8000
#define T(x) ((x) - trampoline_start + TRAMPOLINE_PHYS)

    .section .rodata
    .code16
    .globl trampoline_start, trampoline_end
trampoline_start:
    cli
    cld
    xor %ax, %ax
    mov %ax, %ds
    lgdtl T(tramp_gdtr)
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmpl $0x08, $T(tramp32)

    .code32
tramp32:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %cr4, %eax
    or $0x20, %eax              /* PAE */
    mov %eax, %cr4
    mov T(tramp_cr3), %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx
    rdmsr
    or T(tramp_efer), %eax
    wrmsr
    mov %cr0, %eax
    or $0x80010000, %eax        /* PG | WP */
    mov %eax, %cr0
    ljmp $0x18, $T(tramp64)

    .code64
tramp64:
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov T(tramp_stack), %rsp
    mov T(tramp_cpu), %rdi
    mov T(tramp_entry), %rax
    xor %ebp, %ebp
    jmp *%rax

    .p2align 3
tramp_gdt:
    .quad 0
    .quad 0x00cf9a000000ffff    /* 0x08: 32-bit code */
    .quad 0x00cf92000000ffff    /* 0x10: data */
    .quad 0x00af9a000000ffff    /* 0x18: 64-bit code */
tramp_gdt_end:
tramp_gdtr:
    .word tramp_gdt_end - tramp_gdt - 1
    .long T(tramp_gdt)
    .p2align 3
    .globl trampoline_params
trampoline_params:
tramp_cr3:   .quad 0
tramp_efer:  .quad 0
tramp_stack: .quad 0
tramp_cpu:   .quad 0
tramp_entry: .quad 0
trampoline_end:
