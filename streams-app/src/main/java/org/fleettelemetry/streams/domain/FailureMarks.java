package org.fleettelemetry.streams.domain;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An endpoint track's latest failure per class: an immutable sorted map over the few {@link ErrorClass}es, kept as a
 * bit per class present and the marks of those classes only, in the enum's natural order (so it iterates as a
 * TreeMap would). The endpoint stage builds a track with every event and compares it with the site's copy: a TreeMap
 * copied per track and walked per comparison was a fifth of that stage's thread (async-profiler); here a track that
 * keeps its failures shares them, and a lookup is a bit test and an index. An array with a slot for every class was
 * the storm's largest domain object: 266,163 arrays of 13 slots, 19 MB of a 207 MB live set for 100,000 endpoints
 * (GC.class_histogram 60 s into a storm, 2026-12-07), where an endpoint fails with one or two classes.
 */
final class FailureMarks extends AbstractMap<ErrorClass, FailureMark> implements SortedMap<ErrorClass, FailureMark> {
    private static final ErrorClass[] CLASSES = ErrorClass.values();
    private static final FailureMark[] NONE = new FailureMark[0];
    static final FailureMarks EMPTY = new FailureMarks(0, NONE);

    static {
        if (CLASSES.length > Integer.SIZE) {
            throw new ExceptionInInitializerError("more error classes than bits in the class mask: " + CLASSES.length);
        }
    }

    /** Bit {@code ordinal} set for each class present. */
    private final int mask;
    /** The marks of the classes present, by ordinal. */
    private final FailureMark[] marks;

    private FailureMarks(int mask, FailureMark[] marks) {
        this.mask = mask;
        this.marks = marks;
    }

    /** These failures as an immutable FailureMarks: the same instance when they already are one. */
    static FailureMarks of(Map<ErrorClass, FailureMark> failures) {
        if (failures == null || failures.isEmpty()) {
            return EMPTY;
        }
        if (failures instanceof FailureMarks m) {
            return m;
        }
        FailureMark[] byOrdinal = new FailureMark[CLASSES.length];
        int mask = 0;
        for (Map.Entry<ErrorClass, FailureMark> e : failures.entrySet()) {
            ErrorClass c = java.util.Objects.requireNonNull(e.getKey(), "failure class");
            mask |= 1 << c.ordinal();
            byOrdinal[c.ordinal()] = java.util.Objects.requireNonNull(e.getValue(), "failure mark");
        }
        FailureMark[] marks = new FailureMark[Integer.bitCount(mask)];
        int n = 0;
        for (FailureMark m : byOrdinal) {
            if (m != null) {
                marks[n++] = m;
            }
        }
        return new FailureMarks(mask, marks);
    }

    /** Marks already in order for {@code mask} (one per bit, by ordinal), taken as they are. */
    static FailureMarks of(int mask, FailureMark[] marks) {
        if (Integer.bitCount(mask) != marks.length) {
            throw new IllegalArgumentException(marks.length + " marks for " + Integer.bitCount(mask) + " classes");
        }
        return mask == 0 ? EMPTY : new FailureMarks(mask, marks);
    }

    /** Bit {@code ordinal} set for each class present. */
    int mask() {
        return mask;
    }

    /** The class of this ordinal. */
    static ErrorClass classOf(int ordinal) {
        return CLASSES[ordinal];
    }

    /** Where the mark of the class with this ordinal is, or would be inserted, in {@link #marks}. */
    private int index(int ordinal) {
        return Integer.bitCount(mask & ((1 << ordinal) - 1));
    }

    /** These failures with {@code mark} as the one of {@code errorClass}. */
    FailureMarks with(ErrorClass errorClass, FailureMark mark) {
        java.util.Objects.requireNonNull(mark, "failure mark");
        int bit = 1 << errorClass.ordinal();
        int i = index(errorClass.ordinal());
        if ((mask & bit) != 0) {
            if (marks[i] == mark) {
                return this;
            }
            FailureMark[] next = marks.clone();
            next[i] = mark;
            return new FailureMarks(mask, next);
        }
        FailureMark[] next = new FailureMark[marks.length + 1];
        System.arraycopy(marks, 0, next, 0, i);
        next[i] = mark;
        System.arraycopy(marks, i, next, i + 1, marks.length - i);
        return new FailureMarks(mask | bit, next);
    }

    @Override
    public FailureMark get(Object key) {
        if (key instanceof ErrorClass c && (mask & (1 << c.ordinal())) != 0) {
            return marks[index(c.ordinal())];
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return marks.length;
    }

    @Override
    public boolean isEmpty() {
        return mask == 0;
    }

    /** Whether both hold failures of the same classes (the marks may differ). */
    boolean sameClasses(FailureMarks other) {
        return mask == other.mask;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof FailureMarks other) {
            return mask == other.mask && Arrays.equals(marks, other.marks);
        }
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    @Override
    public Set<Map.Entry<ErrorClass, FailureMark>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<ErrorClass, FailureMark>> iterator() {
                return new Iterator<>() {
                    private int left = mask;
                    private int n;

                    @Override
                    public boolean hasNext() {
                        return left != 0;
                    }

                    @Override
                    public Map.Entry<ErrorClass, FailureMark> next() {
                        if (left == 0) {
                            throw new NoSuchElementException();
                        }
                        int ordinal = Integer.numberOfTrailingZeros(left);
                        left &= left - 1;
                        return new SimpleImmutableEntry<>(CLASSES[ordinal], marks[n++]);
                    }
                };
            }

            @Override
            public int size() {
                return marks.length;
            }
        };
    }

    @Override
    public Comparator<? super ErrorClass> comparator() {
        return null;
    }

    @Override
    public ErrorClass firstKey() {
        if (mask == 0) {
            throw new NoSuchElementException();
        }
        return CLASSES[Integer.numberOfTrailingZeros(mask)];
    }

    @Override
    public ErrorClass lastKey() {
        if (mask == 0) {
            throw new NoSuchElementException();
        }
        return CLASSES[Integer.SIZE - 1 - Integer.numberOfLeadingZeros(mask)];
    }

    @Override
    public SortedMap<ErrorClass, FailureMark> subMap(ErrorClass fromKey, ErrorClass toKey) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).subMap(fromKey, toKey));
    }

    @Override
    public SortedMap<ErrorClass, FailureMark> headMap(ErrorClass toKey) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).headMap(toKey));
    }

    @Override
    public SortedMap<ErrorClass, FailureMark> tailMap(ErrorClass fromKey) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).tailMap(fromKey));
    }
}
