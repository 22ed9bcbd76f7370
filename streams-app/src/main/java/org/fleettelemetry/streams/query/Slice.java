package org.fleettelemetry.streams.query;

/**
 * Which local copy of a store a read goes to: all of this instance's active partitions ({@link #ALL_ACTIVE}), one
 * active partition, or one partition's copy whatever it is here (standby or restoring: possibly stale).
 *
 * @param partition the partition, or -1 for all active ones
 */
record Slice(int partition, boolean stale) {
    static final Slice ALL_ACTIVE = new Slice(-1, false);

    static Slice active(int partition) {
        return new Slice(partition, false);
    }

    static Slice copy(int partition) {
        return new Slice(partition, true);
    }
}
