/**
 * The Jira connector: {@link io.boxsync.connector.jira.JiraConnectorFactory} creates a
 * {@link io.boxsync.connector.jira.JiraConnector} for Jira Cloud (REST v3) or Jira Data Center (REST v2), both with
 * the Agile REST API; {@link io.boxsync.connector.jira.JiraWebhookDecoder} verifies and decodes webhook deliveries.
 */
package io.boxsync.connector.jira;
