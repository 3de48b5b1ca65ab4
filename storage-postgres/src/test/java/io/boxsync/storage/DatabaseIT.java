package io.boxsync.storage;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseIT {

    private static final List<String> TABLES = List.of("system_state", "users", "api_tokens", "sessions",
            "connections", "connection_metadata", "remote_accounts", "boxes", "box_members", "tasks", "box_tasks",
            "wbs_nodes", "dependencies", "iterations", "sync_runs", "changes", "cursors", "event_issues",
            "inbound_events", "delivery_ids", "outbox", "master_key_check");

    @Test
    void migrationsCreateEveryTableOnAnEmptyDatabaseAndAreANoOpOnTheSecondStart() {
        String url = TestDatabase.emptyDatabaseUrl();
        try (Database first = Database.external(url, "postgres", "")) {
            List<String> tables = first.jdbi().withHandle(h -> h.createQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                    .mapTo(String.class).list());
            assertThat(tables).containsAll(TABLES);
            first.jdbi().useHandle(h -> h.execute("INSERT INTO users (login, display_name) VALUES ('kept', 'Kept')"));
        }
        try (Database second = Database.external(url, "postgres", "")) {
            int applied = second.jdbi().withHandle(h -> h.createQuery(
                    "SELECT count(*) FROM flyway_schema_history WHERE success").mapTo(Integer.class).one());
            int migrationFiles = MigrationFiles.count();
            assertThat(applied).isEqualTo(migrationFiles);
            List<String> logins = second.jdbi().withHandle(h -> h.createQuery("SELECT login FROM users")
                    .mapTo(String.class).list());
            assertThat(logins).containsExactly("kept");
        }
    }

    @Test
    void reportsReachabilityVersionAndAUrlWithoutPassword() {
        try (Database db = TestDatabase.fresh()) {
            assertThat(db.isReachable()).isTrue();
            assertThat(db.serverVersion()).startsWith("PostgreSQL 17.");
            assertThat(db.jdbcUrl()).startsWith("jdbc:postgresql://localhost:");
            assertThat(db.isEmbedded()).isFalse();
        }
    }

    @Test
    void aClosedDatabaseIsNotReachable() {
        Database db = TestDatabase.fresh();
        db.close();
        assertThat(db.isReachable()).isFalse();
    }

    @Test
    void anUnreachableServerGivesAOneLineMessageWithoutThePassword() {
        assertThatThrownBy(() -> Database.external("jdbc:postgresql://127.0.0.1:1/none?password=hunter2", "app",
                "s3cret-pw"))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("s3cret-pw")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aMissingDatabaseIsReportedByName() {
        String url = TestDatabase.emptyDatabaseUrl();
        String missing = url.substring(0, url.lastIndexOf('/') + 1) + "no_such_db";
        assertThatThrownBy(() -> Database.external(missing, "postgres", ""))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("no_such_db");
    }

    @Test
    void aUrlOfAnotherDatabaseKindIsRefusedClearly() {
        assertThatThrownBy(() -> Database.external("jdbc:mysql://localhost/x", "u", "p"))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("not a PostgreSQL JDBC URL");
    }
}
