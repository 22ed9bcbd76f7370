package org.fleettelemetry.collector.parse;

/**
 * The part a line plays in a failure that the agent logs as several lines at one instant on one
 * [pid.tid]. Lines of the same family may form one event, each role at most once.
 */
public enum GroupRole {
    /** Not part of a multi-line failure. */
    NONE(0),
    /** {@code CurlQuery::completeWithStatus: handle H failed with N: ...}. */
    CURL(1),
    /** {@code HTTPQueryTask::update_http_stats: http error A (C) for http task H, time T ms}. */
    HTTP_STATS(1),
    /** {@code ipc_impl::on_async_complete_ex: winrpc call completed with error A}. */
    WINRPC(1),
    /** {@code WinSocket::Impl::waitForConnection: wait failed: N}. */
    SOCKET_WAIT(2),
    /** {@code WinSocket::Impl::connect: connection timeout: HOST}. */
    SOCKET_CONNECT(2);

    private final int family;

    GroupRole(int family) {
        this.family = family;
    }

    boolean sameFamily(GroupRole other) {
        return family != 0 && family == other.family;
    }

    int bit() {
        return 1 << ordinal();
    }
}
