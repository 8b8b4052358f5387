package io.github.kernellogger.reader.command;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Makes the commands, handing each the {@link Streams} of the run. Classes without a
 * constructor that takes them (mixins, converters) come from picocli's default factory.
 *
 * <p>The no-argument constructor is for picocli's tools, which the build runs on the command
 * classes to write the man pages and the bash completion.
 */
public final class CommandFactory implements IFactory {
    private final IFactory defaults = CommandLine.defaultFactory();
    private final Streams streams;

    public CommandFactory(Streams streams) {
        this.streams = streams;
    }

    public CommandFactory() {
        this(Streams.standard());
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        Constructor<K> withStreams;
        try {
            withStreams = cls.getDeclaredConstructor(Streams.class);
        } catch (NoSuchMethodException e) {
            return defaults.create(cls);
        }
        return withStreams.newInstance(streams);
    }
}
