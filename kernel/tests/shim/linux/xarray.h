/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in: see ../kernel_shim.h. */
#include "../kernel_shim.h"
