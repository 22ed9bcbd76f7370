package org.fleettelemetry.streams.serde;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.fleettelemetry.streams.domain.FailureWindow;

/**
 * {@link FailureWindow} in the failure-windows store. Version 1: the record's components in order; the endpoint
 * set and the two lists as a count followed by their strings.
 */
public final class FailureWindowCodec implements BinaryCodec<FailureWindow> {
    public static final BinarySerde<FailureWindow> SERDE = new BinarySerde<>("FailureWindow", new FailureWindowCodec());

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(FailureWindow w, BinaryWriter out) {
        out.writeNullableString(w.site())
                .writeNullableString(w.proxy())
                .writeNullableString(w.errorCode())
                .writeNullableString(w.errorClass())
                .writeLong(w.count());
        writeStrings(w.endpoints(), out);
        out.writeBoolean(w.endpointsCapped()).writeLong(w.firstSeen()).writeLong(w.lastSeen());
        writeStrings(w.targetHosts(), out);
        writeStrings(w.samples(), out);
    }

    @Override
    public FailureWindow read(int version, BinaryReader in) {
        String site = in.readNullableString();
        String proxy = in.readNullableString();
        String errorCode = in.readNullableString();
        String errorClass = in.readNullableString();
        long count = in.readLong();
        TreeSet<String> endpoints = readSorted(in);
        boolean capped = in.readBoolean();
        long firstSeen = in.readLong();
        long lastSeen = in.readLong();
        List<String> hosts = readStrings(in, new ArrayList<>());
        List<String> samples = readStrings(in, new ArrayList<>());
        return new FailureWindow(
                site, proxy, errorCode, errorClass, count, endpoints, capped, firstSeen, lastSeen, hosts, samples);
    }

    @Override
    public int expectedSize() {
        return 512;
    }

    private static void writeStrings(Collection<String> values, BinaryWriter out) {
        out.writeSize(values.size());
        for (String value : values) {
            out.writeString(value);
        }
    }

    /**
     * The endpoint set, written in its order: when the ids read are in strictly ascending order (always, for what
     * {@link #write} wrote) the TreeSet is built in one pass from them, not by a search per id (the site stage reads a
     * window of up to {@link FailureWindow#MAX_IDS} ids for each sum it merges into it); otherwise id by id.
     */
    private static TreeSet<String> readSorted(BinaryReader in) {
        int size = in.readSize();
        String[] ids = new String[size];
        boolean ascending = true;
        for (int i = 0; i < size; i++) {
            ids[i] = in.readString();
            ascending &= i == 0 || ids[i - 1].compareTo(ids[i]) < 0;
        }
        TreeSet<String> set = new TreeSet<>();
        if (ascending) {
            set.addAll(new SortedView(ids));
        } else {
            set.addAll(Arrays.asList(ids));
        }
        return set;
    }

    /**
     * Ascending distinct ids as the SortedSet that {@link TreeSet#addAll} builds from in one pass (natural order, so
     * no comparator); only what that pass reads (size, iterator, comparator) is supported.
     */
    private static final class SortedView extends AbstractSet<String> implements SortedSet<String> {
        private final String[] ids;

        SortedView(String[] ids) {
            this.ids = ids;
        }

        @Override
        public Iterator<String> iterator() {
            return Arrays.asList(ids).iterator();
        }

        @Override
        public int size() {
            return ids.length;
        }

        @Override
        public Comparator<? super String> comparator() {
            return null;
        }

        @Override
        public SortedSet<String> subSet(String fromElement, String toElement) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedSet<String> headSet(String toElement) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedSet<String> tailSet(String fromElement) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String first() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String last() {
            throw new UnsupportedOperationException();
        }
    }

    private static <C extends Collection<String>> C readStrings(BinaryReader in, C into) {
        int size = in.readSize();
        for (int i = 0; i < size; i++) {
            into.add(in.readString());
        }
        return into;
    }
}
