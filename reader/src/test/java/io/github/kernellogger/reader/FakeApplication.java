package io.github.kernellogger.reader;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * A stand-in for an application with a KernelDevice appender: it registers an MBean under the
 * appender's name with a few of its attributes. Run as its own JVM, it says "ready" and stays
 * up until its standard input closes.
 */
public final class FakeApplication {
    private FakeApplication() {}

    /** A few of the appender's attributes. */
    public interface FakeKernelDeviceMXBean {
        String[] getAppenders();

        long getEventsWritten();

        boolean isDeviceConnected();
    }

    static final class Bean implements FakeKernelDeviceMXBean {
        @Override
        public String[] getAppenders() {
            return new String[] {"kernel", "audit"};
        }

        @Override
        public long getEventsWritten() {
            return 100;
        }

        @Override
        public boolean isDeviceConnected() {
            return true;
        }
    }

    static ObjectName register() throws Exception {
        ObjectName name = new ObjectName("io.github.kernellogger:type=KernelDevice,name=\"/dev/logger\"");
        ManagementFactory.getPlatformMBeanServer().registerMBean(new Bean(), name);
        return name;
    }

    public static void main(String[] args) throws Exception {
        register();
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until standard input closes
        }
    }
}
