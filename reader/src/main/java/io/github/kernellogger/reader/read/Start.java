package io.github.kernellogger.reader.read;

/** Where a read starts when there is no cursor to resume from. */
public sealed interface Start {

    /** The oldest record held: everything, like dmesg. */
    record Oldest() implements Start {}

    /** Only records written from now on. */
    record Newest() implements Start {}

    /** The last {@code count} records held. */
    record Last(long count) implements Start {}

    /** Right after a seq the user saved. */
    record After(long seq) implements Start {}
}
