package io.boxsync.core.domain;

import java.util.Objects;

/**
 * Who a change is attributed to.
 *
 * @param kind            current user, Scope Owner, technical user or the remote person
 * @param user            the Boxsync user, when the author is one (current user, Scope Owner, or a remote person
 *                        linked to a Boxsync user); else {@code null}
 * @param remoteAccountId the tool account, when the author is a remote person; else {@code null}
 * @param displayName     a name to show; never {@code null}
 */
public record Author(AuthorKind kind, UserId user, String remoteAccountId, String displayName) {
    public Author {
        Objects.requireNonNull(kind, "kind");
        displayName = displayName == null ? "" : displayName;
    }

    public static Author currentUser(UserId user, String name) {
        return new Author(AuthorKind.CURRENT_USER, Objects.requireNonNull(user, "user"), null, name);
    }

    public static Author scopeOwner(UserId user, String name) {
        return new Author(AuthorKind.SCOPE_OWNER, Objects.requireNonNull(user, "user"), null, name);
    }

    public static Author technicalUser() {
        return new Author(AuthorKind.TECHNICAL_USER, null, null, "Technical user");
    }

    public static Author remote(String accountId, String name, UserId linkedUser) {
        return new Author(AuthorKind.REMOTE_USER, linkedUser, Objects.requireNonNull(accountId, "accountId"), name);
    }
}
