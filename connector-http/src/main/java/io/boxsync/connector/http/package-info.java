/**
 * Shared outbound HTTP for connectors: one {@link io.boxsync.connector.http.ConnectorHttpClient} per connection,
 * with per-call timeouts, retries of what is provably retryable (honouring {@code Retry-After}), a per-connection
 * {@link io.boxsync.connector.http.RateLimiter}, authentication headers, remote-call metrics hooks, and the one
 * classification of answers into {@link io.boxsync.connector.ConnectorException.Kind}
 * ({@link io.boxsync.connector.http.ResponseClassifier}).
 */
package io.boxsync.connector.http;
