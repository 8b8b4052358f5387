package io.github.kernellogger.reader.read;

/** Where a read starts when there is no cursor to resume from. */
public sealed interface Start {

    /** The oldest record held: everything, like dmesg. */
    record Oldest() implements Start {}

    /** Only records written from now on. */
    record Newest() implements Start {}

    /** The last {@code count} records held that pass the filter. */
    record Last(long count) implements Start {}

    /** Right after a seq the user saved. */
    record After(long seq) implements Start {}

    /**
     * Right after a cursor the user gave (journalctl's --after-cursor; --cursor is the one before
     * its record): as a cursor file's, so that a cursor of another load of the module reads the
     * load there is from its oldest record, and says so.
     */
    record AfterCursor(Cursor cursor) implements Start {}
}
