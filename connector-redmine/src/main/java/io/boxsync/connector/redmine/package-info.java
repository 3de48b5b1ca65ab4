/**
 * The Redmine connector: {@link io.boxsync.connector.redmine.RedmineConnector}, created through
 * {@link io.boxsync.connector.redmine.RedmineConnectorFactory} (registered for {@link java.util.ServiceLoader}) for
 * {@link io.boxsync.connector.ConnectionKind#REDMINE} connections. Redmine has no webhooks; its changes are found by
 * polling {@link io.boxsync.connector.Connector#incremental}. See {@code docs/connectors/redmine.md}.
 */
package io.boxsync.connector.redmine;
