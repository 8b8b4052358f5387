package io.github.kernellogger.reader.command;

import io.github.kernellogger.reader.read.Cursor;
import java.util.Stack;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** A cursor as {@code -c}/{@code --cursor} and {@code --after-cursor} take it: the text -o verbose shows. */
final class CursorText implements ITypeConverter<Cursor> {
    @Override
    public Cursor convert(String value) {
        try {
            return Cursor.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a cursor (" + e.getMessage()
                    + "): give one as -o verbose shows it and a cursor file holds it, instance=...;seq=N");
        }
    }

    /**
     * {@code -c} is journalctl's {@code --cursor}, which takes a cursor; logcat's {@code -c}, which
     * clears the log, would be a command given by mistake to a journalctl user, so it is not one
     * here. Without a cursor, {@code -c} says where logcat's is.
     */
    static final class Consumer implements IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            if (args.isEmpty() || args.peek().startsWith("-") && !args.peek().equals("-")) {
                throw new ParameterException(commandSpec.commandLine(), "-c is journalctl's --cursor here, and takes "
                        + "a cursor (instance=...;seq=N); to clear the log, as logcat's -c does: logger-reader clear");
            }
            try {
                argSpec.setValue(new CursorText().convert(args.pop()));
            } catch (TypeConversionException e) {
                throw new ParameterException(commandSpec.commandLine(), "Invalid value for option '--cursor': " + e.getMessage());
            }
        }
    }
}
