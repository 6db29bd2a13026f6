/* boot.S - the kernel's first instructions.
 *
 * QEMU finds pvh_start32 through the PVH ELF note and jumps there in 32-bit
 * protected mode, paging off, with %ebx pointing at the start_info block.
 * This file builds the boot page tables (the first GiB mapped at 0, at the
 * direct-map base and at the kernel's link address), enters long mode, moves
 * to the higher half and calls kmain(start_info physical address).
 */
#include <solo/memlayout.h>

#define PHYS(x) ((x) - KERNEL_VBASE)

    .section .note.pvh, "a"
    .p2align 2
    .long 4                 /* name size */
    .long 4                 /* descriptor size */
    .long 18                /* XEN_ELFNOTE_PHYS32_ENTRY */
    .asciz "Xen"
    .long PHYS(pvh_start32)

    .section .text.boot, "ax"
    .code32
    .globl pvh_start32
pvh_start32:
    cli
    cld
    mov %ebx, %edi
    mov $PHYS(boot_stack_top), %esp
    lgdt PHYS(boot_gdtr)
    mov %cr4, %eax
    or $0x20, %eax              /* PAE */
    mov %eax, %cr4
    mov $PHYS(boot_pml4), %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx       /* EFER */
    rdmsr
    or $0x100, %eax             /* LME */
    mov %eax, %edx
    /* NXE only where the CPU has NX (CPUID 0x80000001 EDX bit 20). */
    mov $0x80000001, %eax
    push %edx
    cpuid
    pop %eax
    bt $20, %edx
    jnc 1f
    or $0x800, %eax
1:  xor %edx, %edx
    mov $0xc0000080, %ecx
    wrmsr
    mov %cr0, %eax
    or $0x80010001, %eax        /* PG | WP | PE */
    mov %eax, %cr0
    ljmp $0x08, $PHYS(start64_low)

    .code64
start64_low:
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    movabs $start64_high, %rax
    jmp *%rax

    .text
start64_high:
    movabs $boot_stack_top, %rsp
    xor %ebp, %ebp
    mov %edi, %edi              /* zero-extend the start_info address */
    call kmain
2:  cli
    hlt
    jmp 2b

    .section .rodata.boot, "a"
    .p2align 3
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff    /* 0x08: 64-bit kernel code */
    .quad 0x00cf92000000ffff    /* 0x10: kernel data */
boot_gdt_end:
boot_gdtr:
    .word boot_gdt_end - boot_gdt - 1
    .quad PHYS(boot_gdt)

    .data
    .p2align 12
    .globl boot_pml4
boot_pml4:
    .quad PHYS(boot_pdpt_low) + 3
    .fill 255, 8, 0
    .quad PHYS(boot_pdpt_low) + 3       /* 256: the direct map, first GiB */
    .fill 254, 8, 0
    .quad PHYS(boot_pdpt_high) + 3      /* 511: the kernel image */
boot_pdpt_low:
    .quad PHYS(boot_pd) + 3
    .fill 511, 8, 0
boot_pdpt_high:
    .fill 510, 8, 0
    .quad PHYS(boot_pd) + 3             /* 0xffffffff80000000 */
    .quad 0
    .globl boot_pd
boot_pd:                                /* 512 x 2 MiB: the first GiB */
    .set i, 0
    .rept 512
    .quad (i << 21) | 0x83
    .set i, i + 1
    .endr

    .bss
    .p2align 12
    .globl boot_stack_bottom
boot_stack_bottom:
    .skip 16384
boot_stack_top:
