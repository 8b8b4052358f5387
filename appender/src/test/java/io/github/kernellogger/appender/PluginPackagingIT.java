package io.github.kernellogger.appender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LoggerDevice;
import java.io.File;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.processor.PluginEntry;
import org.junit.jupiter.api.Test;

/**
 * Runs after `package`, on the jar as users get it (failsafe puts the jar on the class path, not
 * target/classes): Log4j must find KernelDevice from XML with no packages= attribute, through the
 * Log4j2Plugins.dat the annotation processor put in the jar.
 */
class PluginPackagingIT {
    /** Where Log4j's annotation processor puts the plugins a jar defines. */
    private static final String PLUGIN_CACHE =
            "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat";

    @Test
    void thePackagedJarProvidesThePlugin() {
        String from = KernelDeviceAppender.class.getProtectionDomain().getCodeSource()
                .getLocation().toString();
        assertTrue(from.endsWith(".jar"), "loaded from " + from + ", not from the jar");
        assertTrue(KernelDeviceAppender.class.getClassLoader().getResource(PLUGIN_CACHE) != null);
        LoggerContext ctx = Configurator.initialize("packaging", "classpath:log4j2-missing-device.xml");
        try {
            assertTrue(ctx.getConfiguration().getAppender("kernel") instanceof KernelDeviceAppender);
        } finally {
            Configurator.shutdown(ctx);
        }
    }

    /**
     * The appender's jar defines KernelDevice and nothing named like another library's plugin:
     * its static fields are Log4j's own KeyValuePair, not a global plugin named Field, which
     * logstash-gelf (for one) also defines, so that with both jars one would silently win.
     */
    @Test
    void theJarDefinesNoPluginNamedField() throws Exception {
        URL dat = new URL("jar:" + KernelDeviceAppender.class.getProtectionDomain().getCodeSource()
                .getLocation() + "!/" + PLUGIN_CACHE);
        PluginCache cache = new PluginCache();
        cache.loadCacheFiles(Collections.enumeration(List.of(dat)));
        Map<String, PluginEntry> core = cache.getCategory("core");
        assertTrue(core.containsKey("kerneldevice"), core.keySet().toString());
        assertFalse(core.containsKey("field"), core.keySet().toString());
    }

    /** The jar a class was loaded from. */
    private static JarFile jarOf(Class<?> c) throws Exception {
        return new JarFile(new File(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    @Test
    void theJarsHaveModuleNamesAndNativeImageMetadata() throws Exception {
        try (JarFile appender = jarOf(KernelDeviceAppender.class);
                JarFile device = jarOf(LoggerDevice.class)) {
            assertEquals("io.github.kernellogger.appender",
                    appender.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
            assertEquals("io.github.kernellogger.device",
                    device.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
            // GraalVmProcessor's reflection metadata, under the project's coordinates.
            JarEntry metadata = appender.getJarEntry("META-INF/native-image/log4j-generated/"
                    + "io.github.kernellogger/log4j-kernel-appender/reflect-config.json");
            assertNotNull(metadata, "no native-image metadata in " + appender.getName());
            String json = new String(appender.getInputStream(metadata).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(json.contains("\"io.github.kernellogger.appender.KernelDeviceAppender$Builder\""), json);
        }
    }
}
