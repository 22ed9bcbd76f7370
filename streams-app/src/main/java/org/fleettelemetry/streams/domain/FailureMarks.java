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
 * An endpoint track's latest failure per class: an immutable sorted map over the few {@link ErrorClass}es, kept as an
 * array by ordinal (the enum's natural order, so it iterates as a TreeMap would). The endpoint stage builds a track
 * with every event and compares it with the site's copy: a TreeMap copied per track and walked per comparison was a
 * fifth of that stage's thread (async-profiler); here a track that keeps its failures shares them, and a lookup is an
 * array index.
 */
final class FailureMarks extends AbstractMap<ErrorClass, FailureMark> implements SortedMap<ErrorClass, FailureMark> {
    private static final ErrorClass[] CLASSES = ErrorClass.values();
    static final FailureMarks EMPTY = new FailureMarks(new FailureMark[CLASSES.length], 0);

    private final FailureMark[] marks;
    private final int size;

    private FailureMarks(FailureMark[] marks, int size) {
        this.marks = marks;
        this.size = size;
    }

    /** These failures as an immutable FailureMarks: the same instance when they already are one. */
    static FailureMarks of(Map<ErrorClass, FailureMark> failures) {
        if (failures == null || failures.isEmpty()) {
            return EMPTY;
        }
        if (failures instanceof FailureMarks m) {
            return m;
        }
        FailureMark[] marks = new FailureMark[CLASSES.length];
        int size = 0;
        for (Map.Entry<ErrorClass, FailureMark> e : failures.entrySet()) {
            ErrorClass c = java.util.Objects.requireNonNull(e.getKey(), "failure class");
            if (marks[c.ordinal()] == null) {
                size++;
            }
            marks[c.ordinal()] = java.util.Objects.requireNonNull(e.getValue(), "failure mark");
        }
        return new FailureMarks(marks, size);
    }

    /** These failures with {@code mark} as the one of {@code errorClass}. */
    FailureMarks with(ErrorClass errorClass, FailureMark mark) {
        int i = errorClass.ordinal();
        if (marks[i] == mark) {
            return this;
        }
        FailureMark[] next = marks.clone();
        int nextSize = next[i] == null ? size + 1 : size;
        next[i] = mark;
        return new FailureMarks(next, nextSize);
    }

    @Override
    public FailureMark get(Object key) {
        return key instanceof ErrorClass c ? marks[c.ordinal()] : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    /** Whether both hold failures of the same classes (the marks may differ). */
    boolean sameClasses(FailureMarks other) {
        if (size != other.size) {
            return false;
        }
        for (int i = 0; i < marks.length; i++) {
            if ((marks[i] == null) != (other.marks[i] == null)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof FailureMarks other) {
            return size == other.size && Arrays.equals(marks, other.marks);
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
                    private int next = advance(0);

                    private int advance(int from) {
                        int i = from;
                        while (i < marks.length && marks[i] == null) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < marks.length;
                    }

                    @Override
                    public Map.Entry<ErrorClass, FailureMark> next() {
                        if (next >= marks.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<ErrorClass, FailureMark> e = new SimpleImmutableEntry<>(CLASSES[next], marks[next]);
                        next = advance(next + 1);
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Comparator<? super ErrorClass> comparator() {
        return null;
    }

    @Override
    public ErrorClass firstKey() {
        for (int i = 0; i < marks.length; i++) {
            if (marks[i] != null) {
                return CLASSES[i];
            }
        }
        throw new NoSuchElementException();
    }

    @Override
    public ErrorClass lastKey() {
        for (int i = marks.length - 1; i >= 0; i--) {
            if (marks[i] != null) {
                return CLASSES[i];
            }
        }
        throw new NoSuchElementException();
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
