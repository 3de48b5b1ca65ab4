/**
 * The sync engine: S1 start-up ({@link io.boxsync.core.sync.StartupSync}), S2 full sync
 * ({@link io.boxsync.core.sync.FullSync} and its triggers in {@link io.boxsync.core.sync.BoxOpening}), S3
 * incremental catch-up ({@link io.boxsync.core.sync.IncrementalCatchUp}), S4 partial sync from the tool
 * ({@link io.boxsync.core.sync.WebhookIntake}, {@link io.boxsync.core.sync.PollingFeed},
 * {@link io.boxsync.core.sync.RemoteEventProcessor}), S5 partial sync from Boxsync
 * ({@link io.boxsync.core.sync.AppActions}) and S6 history ({@link io.boxsync.core.sync.History}), wired together by
 * {@link io.boxsync.core.sync.SyncService}. Everything reaches the outside through the ports of
 * {@code io.boxsync.core.port}; see {@code docs/design/sync.md}. Every public class here is thread-safe; no
 * parameter may be {@code null} unless its Javadoc says so.
 */
package io.boxsync.core.sync;
