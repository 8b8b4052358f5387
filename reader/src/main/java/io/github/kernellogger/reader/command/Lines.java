package io.github.kernellogger.reader.command;

import java.util.Stack;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.ParameterException;

/**
 * What {@code -n} asks, as journalctl's {@code -n} takes it: {@code -n K} the last K records (of
 * those that pass the filters), {@code -n +K} the first K, {@code -n all} every record, and
 * {@code -n} alone the last 10.
 *
 * @param count how many; -1 for all
 * @param first the first K rather than the last
 */
record Lines(long count, boolean first) {
    /** What -n alone means. */
    static final long DEFAULT = 10;
    private static final Pattern VALUE = Pattern.compile("\\+?[0-9]+|all");

    static Lines parse(String text) {
        if (text.equals("all")) {
            return new Lines(-1, false);
        }
        boolean first = text.startsWith("+");
        try {
            return new Lines(Long.parseLong(first ? text.substring(1) : text), first);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-n takes a count: K (the last K), +K (the first K) or all, not '"
                    + text + "'");
        }
    }

    /**
     * Takes the word after {@code -n} as its value only if it is one ({@code 20}, {@code +20},
     * {@code all}), so that {@code -n 'com.acme.*:W'} is -n alone and a filter spec, as journalctl
     * reads {@code -n} with an optional value. A value joined to it ({@code -n20}, {@code --lines=20})
     * is always its own, and must be one.
     */
    static final class Consumer implements IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            String next = args.isEmpty() ? null : args.peek();
            String value = next != null && VALUE.matcher(next).matches() ? args.pop() : null;
            if (value == null && next != null && next.matches("-?[0-9]+") && next.startsWith("-")) {
                throw new ParameterException(commandSpec.commandLine(), "-n takes a count of 0 or more, not " + next);
            }
            argSpec.setValue(value == null ? new Lines(DEFAULT, false) : parse(value));
        }
    }
}
