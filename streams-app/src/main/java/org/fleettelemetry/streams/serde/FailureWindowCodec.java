package org.fleettelemetry.streams.serde;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
        TreeSet<String> endpoints = readStrings(in, new TreeSet<>());
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

    private static <C extends Collection<String>> C readStrings(BinaryReader in, C into) {
        int size = in.readSize();
        for (int i = 0; i < size; i++) {
            into.add(in.readString());
        }
        return into;
    }
}
