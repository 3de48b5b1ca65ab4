package io.boxsync.storage;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.Secret;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.User;
import io.boxsync.core.port.EventBatch;
import io.boxsync.core.port.Stores;
import io.boxsync.core.port.Transactor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The external-database path against a real PostgreSQL server (CI starts Debian's: see {@code .ci/run}). Skipped
 * when {@code BOXSYNC_TEST_EXTERNAL_DB_URL} is not set. The database outlives the run, so rows are named uniquely and
 * the master key is fixed.
 */
class ExternalDatabaseIT {
    private static String url;
    private static String user;
    private static String password;

    @BeforeAll
    static void requireServer() {
        url = System.getenv("BOXSYNC_TEST_EXTERNAL_DB_URL");
        user = System.getenv("BOXSYNC_TEST_EXTERNAL_DB_USER");
        password = System.getenv("BOXSYNC_TEST_EXTERNAL_DB_PASSWORD");
        assumeTrue(url != null && !url.isBlank(), "BOXSYNC_TEST_EXTERNAL_DB_URL is not set (with _USER and _PASSWORD);"
                + " .ci/run sets it after starting Debian's PostgreSQL, so the external-database test is skipped");
    }

    private static SecretCipher fixedKey() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        return SecretCipher.withKey(key);
    }

    @Test
    void migrationsApplyAndEveryKindOfRowRoundTripsOnTheExternalServer() {
        try (Database first = Database.external(url, user, password)) {
            assertThat(first.isReachable()).isTrue();
            assertThat(first.serverVersion()).matches("PostgreSQL \\d+(\\.\\d+)?");
            assertThat(first.jdbcUrl()).isEqualTo(Database.withoutPassword(url));
        }
        String run = Long.toString(System.nanoTime(), 36);
        try (PostgresStorage storage = PostgresStorage.open(Database.external(url, user, password), fixedKey())) {
            int migrations = storage.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT count(*) FROM flyway_schema_history WHERE success").mapTo(Integer.class).one());
            assertThat(migrations).as("a second start applies nothing again").isEqualTo(MigrationFiles.count());
            Transactor tx = storage.transactor();
            User ann = tx.inTransaction((Stores s) -> s.users().create("ext-" + run, "Ann", false));
            Connection c = tx.inTransaction((Stores s) -> s.connections().create("ext " + run, ConnectionKind.REDMINE,
                    URI.create("http://127.0.0.1:3000"), FieldMapping.jiraDefaults(""),
                    new RemoteAccount("1", "", Secret.of("api-key-" + run)), null));
            assertThat(tx.inTransaction((Stores s) -> s.connections().technicalUser(c.id())).secret().reveal())
                    .isEqualTo("api-key-" + run);
            Task stored = tx.inTransaction((Stores s) -> s.tasks().insertAll(List.of(StoresIT.task(c, "EXT-1")))).get(0);
            assertThat(tx.inTransaction((Stores s) -> s.tasks().findByKey(c.id(), IssueKey.of("EXT-1")))).contains(stored);
            Instant now = Instant.now();
            tx.run(s -> s.events().offer(c.id(), new RemoteEvent("ext-" + run, RemoteEvent.Type.CREATED,
                    IssueKey.of("EXT-1"), now, null, null, null), now));
            List<EventBatch> leased = tx.inTransaction((Stores s) -> s.events().lease(now.plusSeconds(5),
                    Duration.ofSeconds(1), Duration.ofSeconds(30), 1000, "ext-" + run));
            EventBatch mine = leased.stream().filter(b -> b.connection().equals(c.id())).findFirst().orElseThrow();
            tx.run(s -> leased.forEach(b -> s.events().complete(b)));
            assertThat(mine.events()).hasSize(1);
            storage.auth().setPasswordHash(ann.id(), "hash");
            assertThat(storage.auth().passwordHash(ann.login())).contains("hash");
        }
    }

    @Test
    void aWrongPasswordIsReportedWithoutRevealingIt() {
        assertThatThrownBy(() -> Database.external(url, user, "wrong-" + password))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("Cannot connect")
                .hasMessageNotContaining("wrong-" + password);
    }
}
