/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in: the system's <linux/types.h> gives the __u* types of
 * the uapi header; ../kernel_shim.h adds the kernel's own.
 */
#include_next <linux/types.h>
#include "../kernel_shim.h"
