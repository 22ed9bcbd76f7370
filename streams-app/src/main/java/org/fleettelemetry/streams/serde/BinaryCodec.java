package org.fleettelemetry.streams.serde;

/**
 * How one state or repartition type is laid out in {@link BinarySerde}'s format.
 *
 * <p>The layout is an upgrade contract (changelogs are restored, and repartition topics are read, by whatever
 * version runs next), so it only ever grows: a new field is appended at the end together with a new
 * {@link #version()}, and {@link #read} reads it only from records whose version has it. An older reader reads the
 * fields it knows and ignores the rest, as the JSON format before it ignored unknown properties, so a rollback can
 * still read what a newer version wrote. Removing or reordering a field needs a new type and store name instead.
 */
public interface BinaryCodec<T> {
    /** The version this code writes; 1 for the first layout. */
    int version();

    void write(T value, BinaryWriter out);

    /** @param version the version the record was written with, at least 1 (it may be newer than ours) */
    T read(int version, BinaryReader in);

    /** A size hint for the write buffer. */
    default int expectedSize() {
        return 128;
    }
}
