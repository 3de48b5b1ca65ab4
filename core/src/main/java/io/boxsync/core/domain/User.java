package io.boxsync.core.domain;

import java.util.Objects;

/**
 * A Boxsync user.
 *
 * @param id          storage id
 * @param login       unique login name
 * @param displayName name to show
 * @param admin       whether the user has the Boxsync admin role
 */
public record User(UserId id, String login, String displayName, boolean admin) {
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(login, "login");
        displayName = displayName == null || displayName.isBlank() ? login : displayName;
    }
}
