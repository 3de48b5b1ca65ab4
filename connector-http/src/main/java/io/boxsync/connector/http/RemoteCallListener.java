package io.boxsync.connector.http;

import java.time.Duration;

/**
 * Hears about every HTTP attempt a {@link ConnectorHttpClient} makes, e.g. to feed Micrometer timers. Called on the
 * calling thread after each attempt; implementations must be fast, thread-safe and must not throw.
 */
@FunctionalInterface
public interface RemoteCallListener {

    /**
     * One attempt of a call.
     *
     * @param connection the connection's label (e.g. {@code jira_cloud}), for a metric tag
     * @param operation  a low-cardinality name of the call ({@code search}, {@code issue.get}), never a URL with ids
     * @param method     the HTTP method
     * @param status     the HTTP status, 0 when there was no answer (timeout, reset, refused)
     * @param outcome    {@code success}, or the failure kind in lower case ({@code transient}, {@code permission}...)
     * @param attempt    1 for the first attempt, 2 for the first retry...
     * @param duration   how long the attempt took
     */
    record RemoteCall(String connection, String operation, String method, int status, String outcome, int attempt,
                      Duration duration) {
    }

    void onCall(RemoteCall call);

    /** A listener that ignores everything. */
    static RemoteCallListener none() {
        return call -> { };
    }
}
