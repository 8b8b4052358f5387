package io.github.kernellogger.appender;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

/**
 * Runs after `package`, on the jar as users get it (failsafe puts the jar on the class path, not
 * target/classes): Log4j must find KernelDevice from XML with no packages= attribute, through the
 * Log4j2Plugins.dat the annotation processor put in the jar.
 */
class PluginPackagingIT {

    @Test
    void thePackagedJarProvidesThePlugin() {
        String from = KernelDeviceAppender.class.getProtectionDomain().getCodeSource()
                .getLocation().toString();
        assertTrue(from.endsWith(".jar"), "loaded from " + from + ", not from the jar");
        assertTrue(KernelDeviceAppender.class.getClassLoader().getResource(
                "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat") != null);
        LoggerContext ctx = Configurator.initialize("packaging", "classpath:log4j2-missing-device.xml");
        try {
            assertTrue(ctx.getConfiguration().getAppender("kernel") instanceof KernelDeviceAppender);
        } finally {
            Configurator.shutdown(ctx);
        }
    }
}
