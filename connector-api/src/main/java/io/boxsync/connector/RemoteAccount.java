package io.boxsync.connector;

import java.util.Objects;

/**
 * An account in the connected tool on whose behalf a connector reads or writes: the technical user, a Box's
 * Scope Owner, or the person acting in Boxsync.
 *
 * @param accountId the tool's stable id of the account (Jira {@code accountId} or user key, Trello member id,
 *                  Redmine user id)
 * @param login     what authenticates it besides the secret (Jira Cloud e-mail, Trello API key); may be empty
 *                  where the secret alone authenticates (Jira DC bearer token, Redmine API key)
 * @param secret    the account's token or key
 */
public record RemoteAccount(String accountId, String login, Secret secret) {
    public RemoteAccount {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(secret, "secret");
        login = login == null ? "" : login;
    }
}
