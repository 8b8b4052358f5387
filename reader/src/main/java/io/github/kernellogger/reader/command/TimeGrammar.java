package io.github.kernellogger.reader.command;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * journalctl's grammar of times, as systemd.time(7) defines it, for every option that takes a
 * time: timestamps for {@code --since} and {@code --until}, time spans for {@code --timeout}.
 *
 * <p>A time span is numbers with units, added up, spaces optional: {@code 30s}, {@code 5min},
 * {@code 1h 30min}, {@code 1.5h}, {@code 55s500ms}; a number without a unit is seconds. The units
 * are systemd's: ns, us (µs), ms, s (sec, second, seconds), m (min, minute, minutes), h (hr,
 * hour, hours), d (day, days), w (week, weeks), M (month, months: 30.44 days), y (year, years:
 * 365.25 days). A leading {@code +} is allowed, and ISO 8601 ({@code PT30S}) as earlier versions
 * took it.
 *
 * <p>A timestamp is one of:
 * <ul>
 *   <li>{@code now}, {@code today}, {@code yesterday}, {@code tomorrow} (the last three at
 *       midnight), optionally followed by a zone;</li>
 *   <li>a date, a time or both, {@code [weekday] [YYYY-MM-DD][( |T)HH:MM[:SS[.fraction]]][zone]}:
 *       a missing date is today, a missing time midnight, missing seconds 0; the year may have two
 *       digits; a weekday must be the date's; the zone is the local one unless given, after a
 *       space ({@code UTC}, an IANA name such as {@code Europe/Berlin}, {@code +05:30},
 *       {@code -0500}) or, as RFC 3339 has it, right after the time ({@code Z}, {@code +01:00});</li>
 *   <li>a span from now: {@code -10m} or {@code 10min ago} before, {@code +1h} or
 *       {@code 1h left} after;</li>
 *   <li>{@code @} and a span from the epoch: {@code @1795622662};</li>
 *   <li>a span alone ({@code 10m}), which earlier versions took as that long ago, and still do.</li>
 * </ul>
 */
final class TimeGrammar {
    private static final String TIMESTAMP_HELP = "use 2026-11-25 16:04:05, 16:04, today, yesterday, "
            + "now, -10m, +1h, '10min ago', @1795622662 or ISO 8601 with an offset "
            + "(2026-11-25T16:04:05+01:00); see systemd.time(7)";
    private static final String SPAN_HELP = "use 30s, 5min, '1h 30min', 1.5h or 90 (seconds); "
            + "see systemd.time(7)";

    private static final long NS = 1, US = 1_000, MS = 1_000_000, S = 1_000_000_000L,
            MIN = 60 * S, H = 60 * MIN, D = 24 * H;
    /** Nanoseconds of each unit, by its names. Case matters: m is a minute, M a month. */
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("ns", NS), Map.entry("nsec", NS),
            Map.entry("us", US), Map.entry("usec", US), Map.entry("µs", US), Map.entry("μs", US),
            Map.entry("ms", MS), Map.entry("msec", MS),
            Map.entry("s", S), Map.entry("sec", S), Map.entry("second", S), Map.entry("seconds", S),
            Map.entry("m", MIN), Map.entry("min", MIN), Map.entry("minute", MIN), Map.entry("minutes", MIN),
            Map.entry("h", H), Map.entry("hr", H), Map.entry("hour", H), Map.entry("hours", H),
            Map.entry("d", D), Map.entry("day", D), Map.entry("days", D),
            Map.entry("w", 7 * D), Map.entry("week", 7 * D), Map.entry("weeks", 7 * D),
            Map.entry("M", 2_630_016 * S), Map.entry("month", 2_630_016 * S), Map.entry("months", 2_630_016 * S),
            Map.entry("y", 31_557_600 * S), Map.entry("year", 31_557_600 * S), Map.entry("years", 31_557_600 * S));
    private static final Pattern SPAN_PART = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Zµμ]*)");

    private static final Pattern WORD = Pattern.compile("(now|today|yesterday|tomorrow)(?: (\\S+))?");
    private static final Pattern WEEKDAY = Pattern.compile("[A-Za-z]+");
    private static final Pattern DATE = Pattern.compile("(\\d{4}|\\d{2})-(\\d{1,2})-(\\d{1,2})");
    /** A time, and RFC 3339's zone right after it. */
    private static final Pattern TIME = Pattern.compile(
            "(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern OFFSET = Pattern.compile("[+-]\\d{2}(?::?\\d{2})?");

    private final Clock clock;

    TimeGrammar(Clock clock) {
        this.clock = clock;
    }

    /** The point in time {@code text} names. @throws IllegalArgumentException if none */
    Instant timestamp(String text) {
        Instant t = timestampOrNull(text.trim());
        if (t == null) {
            throw new IllegalArgumentException("'" + text + "' is not a time: " + TIMESTAMP_HELP);
        }
        return t;
    }

    /** The time span {@code text} names. @throws IllegalArgumentException if none */
    Duration span(String text) {
        String t = text.trim();
        Duration d = t.startsWith("+") ? spanOrNull(t.substring(1)) : spanOrNull(t);
        if (d == null && (t.startsWith("P") || t.startsWith("p"))) {
            try {
                d = Duration.parse(t);
            } catch (DateTimeException e) {
                d = null;
            }
        }
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is not a time span: " + SPAN_HELP);
        }
        return d;
    }

    private Instant timestampOrNull(String t) {
        if (t.isEmpty()) {
            return null;
        }
        Instant now = clock.instant();
        if (t.startsWith("@")) {
            Duration sinceEpoch = spanOrNull(t.substring(1));
            return sinceEpoch == null ? null : Instant.EPOCH.plus(sinceEpoch);
        }
        if (t.startsWith("+") || t.startsWith("-")) {
            Duration d = spanOrNull(t.substring(1));
            return d == null ? null : t.startsWith("+") ? now.plus(d) : now.minus(d);
        }
        if (t.endsWith(" ago") || t.endsWith(" left")) {
            boolean ago = t.endsWith(" ago");
            Duration d = spanOrNull(t.substring(0, t.length() - (ago ? 4 : 5)));
            return d == null ? null : ago ? now.minus(d) : now.plus(d);
        }
        Matcher word = WORD.matcher(t);
        if (word.matches()) {
            ZoneId zone = word.group(2) == null ? clock.getZone() : zone(word.group(2));
            if (zone == null) {
                return null;
            }
            if (word.group(1).equals("now")) {
                return now;
            }
            LocalDate today = LocalDate.ofInstant(now, zone);
            int days = switch (word.group(1)) {
                case "yesterday" -> -1;
                case "tomorrow" -> 1;
                default -> 0;
            };
            return today.plusDays(days).atStartOfDay(zone).toInstant();
        }
        Instant absolute = absoluteOrNull(t, now);
        if (absolute != null) {
            return absolute;
        }
        Duration ago = spanWithUnitOrNull(t);
        return ago == null ? null : now.minus(ago);
    }

    /** {@code [weekday] [date][( |T)time][zone]}, or null. */
    private Instant absoluteOrNull(String t, Instant now) {
        String[] tokens = t.split("\\s+");
        int i = 0;
        String weekday = null;
        if (tokens.length > 1 && WEEKDAY.matcher(tokens[0]).matches()) {
            weekday = tokens[i++];
        }
        Matcher date = null;
        Matcher time = null;
        if (i < tokens.length) {
            String token = tokens[i];
            int tee = token.indexOf('T');
            Matcher d = DATE.matcher(tee > 0 ? token.substring(0, tee) : token);
            if (d.matches()) {
                date = d;
                i++;
                if (tee > 0) {
                    time = TIME.matcher(token.substring(tee + 1));
                    if (!time.matches()) {
                        return null;
                    }
                } else if (i < tokens.length && TIME.matcher(tokens[i]).matches()) {
                    time = TIME.matcher(tokens[i++]);
                    time.matches();
                }
            } else if (TIME.matcher(token).matches()) {
                time = TIME.matcher(tokens[i++]);
                time.matches();
            }
        }
        if (date == null && time == null) {
            return null;
        }
        ZoneId zone = clock.getZone();
        String rfc3339 = time == null ? null : time.group(5);
        if (rfc3339 != null) {
            zone = rfc3339.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(rfc3339);
        } else if (i < tokens.length) {
            zone = zone(tokens[i++]);
        }
        if (zone == null || i < tokens.length) {
            return null;
        }
        try {
            LocalDate day = date == null ? LocalDate.ofInstant(now, zone)
                    : LocalDate.of(year(date.group(1)), Integer.parseInt(date.group(2)),
                            Integer.parseInt(date.group(3)));
            LocalTime clockTime = LocalTime.MIDNIGHT;
            if (time != null) {
                String fraction = time.group(4) == null ? "" : time.group(4);
                clockTime = LocalTime.of(Integer.parseInt(time.group(1)), Integer.parseInt(time.group(2)),
                        time.group(3) == null ? 0 : Integer.parseInt(time.group(3)),
                        fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9)));
            }
            if (weekday != null && !isWeekday(weekday, day.getDayOfWeek())) {
                return null;
            }
            return LocalDateTime.of(day, clockTime).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** A two-digit year as strptime's %y takes it: 69..99 are 19xx, 00..68 are 20xx. */
    private static int year(String digits) {
        int y = Integer.parseInt(digits);
        return digits.length() == 4 ? y : y >= 69 ? 1900 + y : 2000 + y;
    }

    /** An English weekday, in full or its first three letters, in any case. */
    private static boolean isWeekday(String name, DayOfWeek day) {
        String full = day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        return name.equalsIgnoreCase(full) || name.equalsIgnoreCase(full.substring(0, 3));
    }

    /** UTC, an IANA zone name, or an offset ±hh, ±hhmm, ±hh:mm; or null. */
    private static ZoneId zone(String name) {
        try {
            if (OFFSET.matcher(name).matches()) {
                return ZoneOffset.of(name.length() == 5 ? name.substring(0, 3) + ":" + name.substring(3) : name);
            }
            return name.equals("UTC") ? ZoneOffset.UTC : ZoneId.of(name);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** A span in systemd's grammar, a bare number being seconds; or null. */
    private static Duration spanOrNull(String t) {
        return span(t, false);
    }

    /** A span every part of which has a unit; or null. */
    private static Duration spanWithUnitOrNull(String t) {
        return span(t, true);
    }

    private static Duration span(String t, boolean unitRequired) {
        if (t.isBlank()) {
            return null;
        }
        Matcher m = SPAN_PART.matcher(t);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < t.length()) {
            m.region(at, t.length());
            if (!m.lookingAt()) {
                return null;
            }
            String unit = m.group(2);
            Long perUnit = unit.isEmpty() ? (unitRequired ? null : (Long) S) : UNITS.get(unit);
            if (perUnit == null) {
                return null;
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(perUnit)));
            at = m.end();
            while (at < t.length() && t.charAt(at) == ' ') {
                at++;
            }
        }
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            return null; // fractions of a nanosecond, or beyond 292 years
        }
    }

    /** {@code --since} and {@code --until}. */
    static final class Timestamp implements ITypeConverter<Instant> {
        private final TimeGrammar grammar = new TimeGrammar(Clock.systemDefaultZone());

        @Override
        public Instant convert(String value) {
            try {
                return grammar.timestamp(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --timeout}. */
    static final class Span implements ITypeConverter<Duration> {
        private final TimeGrammar grammar = new TimeGrammar(Clock.systemDefaultZone());

        @Override
        public Duration convert(String value) {
            try {
                return grammar.span(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
