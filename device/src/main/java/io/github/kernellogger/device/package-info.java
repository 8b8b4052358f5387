/**
 * The Java binding of {@code /dev/logger}, the log device of the kernel-logger module.
 *
 * <p>What is here:
 * <ul>
 *   <li>{@link io.github.kernellogger.device.LoggerDevice}: one open file of the device: write a
 *       record, read records back in binary format, poll, seek by sequence number, read the
 *       counters, clear.</li>
 *   <li>{@link io.github.kernellogger.device.LogRecord}, {@link io.github.kernellogger.device.DeviceStats}
 *       and {@link io.github.kernellogger.device.SyslogLevel}: what the device hands back.</li>
 *   <li>{@link io.github.kernellogger.device.LoggerAbi}: the numbers of the ABI, mirrored from
 *       {@code kernel/include/uapi/linux/logger.h}, the single source of truth; a test parses that
 *       header and fails if the two differ.</li>
 *   <li>{@link io.github.kernellogger.device.LoggerDeviceException}: every failure, naming the errno
 *       and what to do about it.</li>
 * </ul>
 *
 * <p>Threading: a {@code LoggerDevice} may be written from several threads at once (the kernel
 * makes each write one record), but reading, seeking and changing the format are for one thread
 * at a time, and {@code close()} must not race any other call. Writes go through a
 * {@link java.nio.channels.FileChannel} and allocate nothing with a direct buffer; the other
 * system calls go through JNA direct mapping with plain addresses of direct buffers.
 *
 * <p>Linux only, on a 64-bit JVM.
 */
package io.github.kernellogger.device;
