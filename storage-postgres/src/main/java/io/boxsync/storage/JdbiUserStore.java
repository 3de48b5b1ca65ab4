package io.boxsync.storage;

import io.boxsync.core.domain.User;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.port.UserStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

final class JdbiUserStore implements UserStore {
    static final RowMapper<User> USER = (rs, ctx) -> new User(UserId.of(rs.getLong("id")), rs.getString("login"),
            rs.getString("display_name"), rs.getBoolean("admin"));

    private final Handle handle;

    JdbiUserStore(Handle handle) {
        this.handle = handle;
    }

    @Override
    public User create(String login, String displayName, boolean admin) {
        Objects.requireNonNull(login, "login");
        if (login.isBlank()) {
            throw new IllegalArgumentException("a login must not be blank");
        }
        String name = displayName == null || displayName.isBlank() ? login : displayName;
        return handle.createQuery("INSERT INTO users (login, display_name, admin) VALUES (:login, :name, :admin)"
                        + " ON CONFLICT (login) DO NOTHING RETURNING id, login, display_name, admin")
                .bind("login", login).bind("name", name).bind("admin", admin)
                .map(USER).findOne()
                .orElseThrow(() -> new IllegalArgumentException("the login " + login + " is taken"));
    }

    @Override
    public Optional<User> find(UserId id) {
        return handle.createQuery("SELECT * FROM users WHERE id = :id").bind("id", id.value()).map(USER).findOne();
    }

    @Override
    public Optional<User> findByLogin(String login) {
        return handle.createQuery("SELECT * FROM users WHERE login = :login").bind("login", login).map(USER).findOne();
    }

    @Override
    public List<User> all() {
        return handle.createQuery("SELECT * FROM users ORDER BY id").map(USER).list();
    }
}
