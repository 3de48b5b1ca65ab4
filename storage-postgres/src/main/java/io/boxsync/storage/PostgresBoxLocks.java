package io.boxsync.storage;

import com.zaxxer.hikari.HikariDataSource;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.port.BoxLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link BoxLocks} as PostgreSQL session-level advisory locks {@code (}{@value #LOCK_CLASS}{@code , box id)}: each
 * held lock keeps one pooled connection until it is closed. Every node on the same database sees the same locks;
 * a node that dies loses its locks with its sessions. Thread-safe.
 */
public final class PostgresBoxLocks implements BoxLocks {
    /** The first key of Boxsync's Box locks ("Box" in ASCII), so other advisory lock users do not collide. */
    public static final int LOCK_CLASS = 0x426F78;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresBoxLocks.class);

    private final DataSource dataSource;

    public PostgresBoxLocks(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Optional<Held> tryLock(BoxId box) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("Cannot take the lock of Box " + box + ": "
                    + Database.oneLine(e), e);
        }
        try {
            connection.setAutoCommit(true);
            if (call(connection, "SELECT pg_try_advisory_lock(?, ?)", box)) {
                return Optional.of(new PostgresHeld(connection, box));
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            discard(connection);
            throw new DatabaseUnavailableException("Cannot take the lock of Box " + box + ": "
                    + Database.oneLine(e), e);
        }
    }

    private static boolean call(Connection connection, String sql, BoxId box) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, LOCK_CLASS);
            statement.setInt(2, (int) box.value());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void discard(Connection connection) {
        if (dataSource instanceof HikariDataSource hikari) {
            hikari.evictConnection(connection);
        } else {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the session is gone, and its locks with it
            }
        }
    }

    private final class PostgresHeld implements Held {
        private final Connection connection;
        private final BoxId box;
        private final AtomicBoolean released = new AtomicBoolean();

        PostgresHeld(Connection connection, BoxId box) {
            this.connection = connection;
            this.box = box;
        }

        @Override
        public void close() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            try {
                if (!call(connection, "SELECT pg_advisory_unlock(?, ?)", box)) {
                    LOG.warn("The lock of Box {} was not held any more when released", box);
                }
                connection.close();
            } catch (SQLException e) {
                // a session that cannot unlock must not go back to the pool still holding the lock
                LOG.warn("Releasing the lock of Box {} failed ({}); dropping its connection", box, e.toString());
                discard(connection);
            }
        }

        @Override
        public String toString() {
            return "BoxLock[" + box + "]";
        }
    }
}
