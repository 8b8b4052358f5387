package io.github.kernellogger.reader.command;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in time for --since and --until: an ISO-8601 instant ({@code 2026-11-25T16:04:22Z}),
 * a local date and time ({@code 2026-11-25T16:04}, {@code 2026-11-25 16:04:22}), a local date
 * (its midnight), {@code now}, or a span ago ({@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}).
 */
final class TimeSpec implements ITypeConverter<Instant> {
    private static final Pattern AGO = Pattern.compile("(\\d+)\\s*(s|m|h|d)");

    private final Clock clock;

    TimeSpec() {
        this(Clock.systemDefaultZone());
    }

    TimeSpec(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        String v = value.trim();
        if (v.equals("now")) {
            return clock.instant();
        }
        Matcher ago = AGO.matcher(v);
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration d = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return clock.instant().minus(d);
        }
        ZoneId zone = clock.getZone();
        try {
            if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(v.replace(' ', 'T')).toInstant();
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(zone).toInstant();
            }
            return LocalDateTime.parse(v.replace(' ', 'T')).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new TypeConversionException("'" + value + "' is not a time: use an ISO time "
                    + "(2026-11-25T16:04:22Z, 2026-11-25 16:04), a date, now, or a span ago "
                    + "(30s, 10m, 2h, 1d)");
        }
    }
}
