/**
 * The connector SPI: what Boxsync needs from a connected tool (Jira Cloud, Jira Data Center, Trello, Redmine).
 *
 * <p>A connector speaks the tool's language only: issues, keys, accounts, scopes as the tool understands them. It
 * never sees Boxes, tasks or storage; the sync engine translates. This module depends on the JDK only.
 *
 * <p>Entry points: {@link io.boxsync.connector.ConnectorFactory} (discovered with {@link java.util.ServiceLoader})
 * creates a {@link io.boxsync.connector.Connector} for one {@link io.boxsync.connector.ConnectionSettings}.
 */
package io.boxsync.connector;
