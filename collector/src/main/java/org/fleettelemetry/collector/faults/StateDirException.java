package org.fleettelemetry.collector.faults;

/**
 * The collector cannot use its {@code state.dir} at start: it does not start at all (exit status {@link
 * #EXIT_CODE}), because a collector that cannot keep checkpoints or a spool would re-send or lose what it ships.
 */
public final class StateDirException extends RuntimeException {
    /**
     * The exit status a service manager sees: 73, sysexits' EX_CANTCREAT ("a user-specified output file cannot be
     * created"), apart from 1 (any other I/O error) and 2 (a configuration error), so it can be told apart without
     * reading the log.
     */
    public static final int EXIT_CODE = 73;

    private static final long serialVersionUID = 1L;

    public StateDirException(String message, Throwable cause) {
        super(message, cause);
    }
}
