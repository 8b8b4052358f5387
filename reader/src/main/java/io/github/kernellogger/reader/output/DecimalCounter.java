package io.github.kernellogger.reader.output;

/**
 * The decimal digits of a number that mostly grows by one, as the seqs of records read in order
 * do: the next one's digits are the last one's counted up, with no division; any other number is
 * formatted afresh.
 */
final class DecimalCounter {
    private final byte[] digits = new byte[20];
    /** The digits are {@code digits[start..20)}; 20 when there is no number yet. */
    private int start = digits.length;
    private long value = -1;

    /** Appends {@code n}, 0 or more, in decimal. */
    void append(OutputBuffer out, long n) {
        if (n == value + 1 && value >= 0) {
            countUp();
        } else {
            set(n);
        }
        value = n;
        out.append(digits, start, digits.length);
    }

    private void countUp() {
        int i = digits.length - 1;
        while (i >= start && digits[i] == '9') {
            digits[i--] = '0';
        }
        if (i < start) {
            digits[--start] = '1';
        } else {
            digits[i]++;
        }
    }

    private void set(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("a count is 0 or more: " + n);
        }
        start = digits.length;
        do {
            digits[--start] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n != 0);
    }
}
