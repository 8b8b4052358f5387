package io.github.kernellogger.reader.command;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logger-reader jmx}: the counters of the KernelDevice appenders of a running JVM, by
 * process id (the JDK's attach API starts its local JMX agent) or by JMX service URL.
 */
@Command(name = "jmx", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        header = "Print the counters of an application's KernelDevice appenders.",
        description = "Print the io.github.kernellogger:type=KernelDevice MBeans of a running "
                + "application: its events enqueued, written, discarded, lost, and the device's "
                + "own counters.",
        exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.OK_TEXT, ExitCode.ERROR_TEXT, ExitCode.USAGE_TEXT})
final class JmxCommand implements Callable<Integer> {
    static final String QUERY = "io.github.kernellogger:type=KernelDevice,*";

    /** Which JVM. */
    static final class Target {
        @Option(names = "--pid", paramLabel = "PID", required = true,
                description = "A local JVM, attached to by process id (same user, or root).")
        Long pid;

        @Option(names = "--url", paramLabel = "URL", required = true,
                description = "A JMX service URL, e.g. service:jmx:rmi:///jndi/rmi://host:9010/jmxrmi.")
        String url;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--json", description = "A JSON array, one object per MBean.")
    boolean json;

    private final StandardOutput out;

    JmxCommand(Streams streams) {
        this.out = streams.out();
    }

    /** A failure to reach the JVM, with what to do about it. */
    static final class JmxException extends Exception {
        private static final long serialVersionUID = 1L;

        JmxException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public Integer call() throws Exception {
        String where = target.pid != null ? "JVM " + target.pid : target.url;
        JMXServiceURL url = target.pid != null ? attach(target.pid) : parse(target.url);
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            Set<ObjectName> names = new TreeSet<>(jmx.queryNames(new ObjectName(QUERY), null));
            if (names.isEmpty()) {
                throw new JmxException("no KernelDevice appender in " + where
                        + " (no MBean matches " + QUERY + ")", null);
            }
            List<Bean> beans = new ArrayList<>();
            for (ObjectName name : names) {
                beans.add(read(jmx, name));
            }
            print(beans);
        } catch (OutputException e) {
            throw e;
        } catch (IOException e) {
            throw new JmxException("cannot connect to " + where + ": " + e.getMessage(), e);
        }
        return ExitCode.OK;
    }

    private record Bean(ObjectName name, List<Attribute> attributes) {}

    private static Bean read(MBeanServerConnection jmx, ObjectName name)
            throws IOException, JMException {
        List<String> names = new ArrayList<>();
        for (MBeanAttributeInfo info : jmx.getMBeanInfo(name).getAttributes()) {
            names.add(info.getName());
        }
        names.sort(null);
        return new Bean(name, jmx.getAttributes(name, names.toArray(new String[0])).asList());
    }

    private static JMXServiceURL parse(String url) throws JmxException {
        try {
            return new JMXServiceURL(url);
        } catch (IOException e) {
            throw new JmxException("'" + url + "' is not a JMX service URL: " + e.getMessage(), e);
        }
    }

    /** Attaches to a local JVM and starts its local management agent, if not running yet. */
    private static JMXServiceURL attach(long pid) throws JmxException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            throw new JmxException("cannot attach to JVM " + pid + ": " + e.getMessage()
                    + " (is it a running JVM of the same user? root may attach to any)", e);
        }
        try {
            return new JMXServiceURL(vm.startLocalManagementAgent());
        } catch (IOException e) {
            throw new JmxException("JVM " + pid + " did not start its JMX agent: " + e.getMessage(), e);
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // Detaching only closes the attach connection; the agent stays up either way.
            }
        }
    }

    private void print(List<Bean> beans) throws IOException {
        if (json) {
            printJson(beans);
        } else {
            printTable(beans);
        }
        out.flush();
    }

    private static String text(Object value) {
        if (value instanceof String[] array) {
            return String.join(", ", array);
        }
        return String.valueOf(value);
    }

    private void printTable(List<Bean> beans) throws IOException {
        for (Bean bean : beans) {
            out.println(bean.name().toString());
            int width = bean.attributes().stream().mapToInt(a -> a.getName().length()).max().orElse(0);
            for (Attribute a : bean.attributes()) {
                out.printf("  %-" + width + "s  %s%n", a.getName(), text(a.getValue()));
            }
        }
    }

    private void printJson(List<Bean> beans) throws IOException {
        try (JsonGenerator g = JsonFactory.builder().build().createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            g.writeStartArray();
            for (Bean bean : beans) {
                g.writeStartObject();
                g.writeStringField("name", bean.name().toString());
                g.writeObjectFieldStart("attributes");
                for (Attribute a : bean.attributes()) {
                    Object v = a.getValue();
                    if (v instanceof Number n) {
                        g.writeNumberField(a.getName(), n.longValue());
                    } else if (v instanceof Boolean b) {
                        g.writeBooleanField(a.getName(), b);
                    } else if (v instanceof String[] array) {
                        g.writeArrayFieldStart(a.getName());
                        for (String s : array) {
                            g.writeString(s);
                        }
                        g.writeEndArray();
                    } else {
                        g.writeStringField(a.getName(), text(v));
                    }
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        out.println("");
    }
}
