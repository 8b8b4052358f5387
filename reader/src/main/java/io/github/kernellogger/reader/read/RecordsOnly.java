package io.github.kernellogger.reader.read;

/**
 * A sink that looks at the records only, and shows nothing as they come: what it learns of them
 * it says at the end, if at all ({@code -F}, {@code -N}, a survey of the log's tags). The load,
 * the losses and the reloads pass it by.
 */
public abstract class RecordsOnly implements RecordSink {

    @Override
    public void begin(String instance) {
        // Records only.
    }

    @Override
    public void gap(Gap g) {
        // Records only.
    }

    @Override
    public void reload(Reload r) {
        // Records only.
    }

    /** Nothing is written as records come. */
    @Override
    public void flush() {
        // Said at the end, if at all.
    }
}
