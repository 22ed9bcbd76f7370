package org.fleettelemetry.collector.parse;

import java.util.OptionalLong;
import org.fleettelemetry.collector.parse.ParsedLine.Continuation;
import org.fleettelemetry.collector.parse.ParsedLine.Header;
import org.fleettelemetry.collector.parse.ParsedLine.Rejected;

/**
 * The agent's line grammar, {@code <yyyy-MM-dd> <HH:mm:ss.SSS> [<pid hex>.<tid hex>] <level>: <source>: <message>},
 * parsed by hand: this runs once per log line, so no regex, no split, no exceptions.
 *
 * <p>A line "starts like a timestamp" when it begins with four digits and a '-'; anything else is a
 * {@link Continuation}. A line that starts like a timestamp but breaks the grammar is {@link Rejected}.
 * Lenient where real logs vary: 'T' or ' ' between date and time; 0 to 9 fraction digits after '.' or ','
 * (truncated to milliseconds); runs of spaces between fields; no [pid.tid]; any level token of up to
 * {@value #MAX_LEVEL_LENGTH} characters; no source (the text after the level has a space before its first
 * ": "), in which case the source is empty and the message is the rest of the line. The message is
 * everything after the first ": " (and any further spaces) that follows the source, so it may itself
 * contain ": ".
 */
public final class LineGrammar {

    static final int MAX_LEVEL_LENGTH = 5;

    static final String BAD_DATE = "malformed date";
    static final String INVALID_DATE = "invalid date";
    static final String BAD_TIME = "malformed time";
    static final String INVALID_TIME = "invalid time";
    static final String BAD_FRACTION = "malformed fraction of second";
    static final String NO_SPACE_AFTER_TIMESTAMP = "no space after the timestamp";
    static final String NO_CLOSING_BRACKET = "missing ']' after [pid.tid]";
    static final String BAD_PID_TID = "malformed [pid.tid]";
    static final String NO_SPACE_AFTER_PID_TID = "no space after [pid.tid]";
    static final String NO_LEVEL = "missing level";

    private static final char BOM = '\uFEFF';
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private LineGrammar() {}

    /** Total: any string (null counts as empty) gives a result, never an exception. */
    public static ParsedLine parse(String line) {
        String text = normalise(line == null ? "" : line);
        if (!startsLikeTimestamp(text)) {
            return new Continuation(text);
        }
        return parseEntryStart(text);
    }

    static String normalise(String line) {
        int begin = !line.isEmpty() && line.charAt(0) == BOM ? 1 : 0;
        int end = line.length();
        if (end > begin && line.charAt(end - 1) == '\r') {
            end--;
        }
        return begin == 0 && end == line.length() ? line : line.substring(begin, end);
    }

    static boolean startsLikeTimestamp(String text) {
        return text.length() >= 5
                && isDigit(text.charAt(0))
                && isDigit(text.charAt(1))
                && isDigit(text.charAt(2))
                && isDigit(text.charAt(3))
                && text.charAt(4) == '-';
    }

    private static ParsedLine parseEntryStart(String text) {
        int n = text.length();
        if (n < 10
                || !isDigit(text.charAt(5))
                || !isDigit(text.charAt(6))
                || text.charAt(7) != '-'
                || !isDigit(text.charAt(8))
                || !isDigit(text.charAt(9))) {
            return new Rejected(BAD_DATE, text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            return new Rejected(INVALID_DATE, text);
        }
        if (n < 19
                || (text.charAt(10) != ' ' && text.charAt(10) != 'T')
                || !isDigit(text.charAt(11))
                || !isDigit(text.charAt(12))
                || text.charAt(13) != ':'
                || !isDigit(text.charAt(14))
                || !isDigit(text.charAt(15))
                || text.charAt(16) != ':'
                || !isDigit(text.charAt(17))
                || !isDigit(text.charAt(18))) {
            return new Rejected(BAD_TIME, text);
        }
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (hour > 23 || minute > 59 || second > 59) {
            return new Rejected(INVALID_TIME, text);
        }
        int pos = 19;
        int millis = 0;
        if (pos < n && (text.charAt(pos) == '.' || text.charAt(pos) == ',')) {
            pos++;
            int fractionStart = pos;
            while (pos < n && isDigit(text.charAt(pos)) && pos - fractionStart < 9) {
                if (pos - fractionStart < 3) {
                    millis = millis * 10 + (text.charAt(pos) - '0');
                }
                pos++;
            }
            int fractionDigits = pos - fractionStart;
            if (fractionDigits == 0) {
                return new Rejected(BAD_FRACTION, text);
            }
            for (int i = fractionDigits; i < 3; i++) {
                millis *= 10;
            }
        }
        if (pos >= n || text.charAt(pos) != ' ') {
            return new Rejected(NO_SPACE_AFTER_TIMESTAMP, text);
        }
        pos = skipSpaces(text, pos);
        long localEpochMillis = daysFromCivil(year, month, day) * MILLIS_PER_DAY
                + hour * 3_600_000L
                + minute * 60_000L
                + second * 1_000L
                + millis;

        Integer pid = null;
        Integer tid = null;
        if (pos < n && text.charAt(pos) == '[') {
            int close = text.indexOf(']', pos);
            if (close < 0) {
                return new Rejected(NO_CLOSING_BRACKET, text, OptionalLong.of(localEpochMillis));
            }
            int dot = text.indexOf('.', pos);
            if (dot < 0 || dot > close) {
                return new Rejected(BAD_PID_TID, text, OptionalLong.of(localEpochMillis));
            }
            long pidValue = hex(text, pos + 1, dot);
            long tidValue = hex(text, dot + 1, close);
            if (pidValue < 0 || tidValue < 0) {
                return new Rejected(BAD_PID_TID, text, OptionalLong.of(localEpochMillis));
            }
            pid = (int) pidValue;
            tid = (int) tidValue;
            pos = close + 1;
            if (pos >= n || text.charAt(pos) != ' ') {
                return new Rejected(NO_SPACE_AFTER_PID_TID, text, OptionalLong.of(localEpochMillis));
            }
            pos = skipSpaces(text, pos);
        }

        int levelStart = pos;
        while (pos < n && text.charAt(pos) != ':' && text.charAt(pos) != ' ' && pos - levelStart <= MAX_LEVEL_LENGTH) {
            pos++;
        }
        int levelLength = pos - levelStart;
        if (pos >= n
                || text.charAt(pos) != ':'
                || levelLength == 0
                || levelLength > MAX_LEVEL_LENGTH
                || (pos + 1 < n && text.charAt(pos + 1) != ' ')) {
            return new Rejected(NO_LEVEL, text, OptionalLong.of(localEpochMillis));
        }
        String level = level(text, levelStart, pos);
        pos = skipSpaces(text, pos + 1);

        int sourceEnd = sourceEnd(text, pos);
        String source;
        String message;
        if (sourceEnd > pos) {
            source = text.substring(pos, sourceEnd);
            message = text.substring(skipSpaces(text, sourceEnd + 1));
        } else {
            source = "";
            message = text.substring(pos);
        }
        return new Header(localEpochMillis, pid, tid, level, source, message, text);
    }

    /** Index of the ':' ending the source, or {@code from} when the text names no source. */
    private static int sourceEnd(String text, int from) {
        int n = text.length();
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (c == ' ') {
                return from;
            }
            if (c == ':' && (i + 1 == n || text.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return from;
    }

    /** The common tokens as constants: saves an allocation per line. */
    private static String level(String text, int start, int end) {
        int length = end - start;
        char first = text.charAt(start);
        if (length == 1) {
            switch (first) {
                case 'I':
                    return "I";
                case 'D':
                    return "D";
                case 'W':
                    return "W";
                case 'E':
                    return "E";
                default:
                    break;
            }
        } else if (length == 2 && first == '.') {
            switch (text.charAt(start + 1)) {
                case 'W':
                    return ".W";
                case 'E':
                    return ".E";
                case 'D':
                    return ".D";
                case 'I':
                    return ".I";
                default:
                    break;
            }
        }
        return text.substring(start, end);
    }

    private static int skipSpaces(String text, int pos) {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
        return pos;
    }

    /** 1 to 8 hex digits as an unsigned value, or -1. */
    private static long hex(String text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 8) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static int lengthOfMonth(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }
}
