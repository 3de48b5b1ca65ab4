package io.boxsync.storage;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.Secret;
import io.boxsync.core.port.Stores;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageMasterKeyIT {

    @Test
    void credentialsAreUnreadableInTheDatabaseAndAnotherKeyIsRefusedAtOpen() {
        String url = TestDatabase.emptyDatabaseUrl();
        SecretCipher key = TestDatabase.randomCipher();
        try (PostgresStorage storage = PostgresStorage.open(Database.external(url, "postgres", ""), key)) {
            storage.transactor().run(s -> s.connections().create("Jira", ConnectionKind.JIRA_CLOUD,
                    URI.create("https://x.example"), FieldMapping.jiraDefaults("customfield_1"),
                    new RemoteAccount("acc-1", "bot@example.com", Secret.of("very-secret-token")),
                    Secret.of("hook-secret")));
            List<String> raw = storage.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT concat_ws('|', technical_token_enc, webhook_secret_enc) FROM connections")
                    .mapTo(String.class).list());
            assertThat(raw).singleElement().asString().doesNotContain("very-secret-token")
                    .doesNotContain("hook-secret").startsWith("v1:");
        }
        Database again = Database.external(url, "postgres", "");
        try {
            assertThatThrownBy(() -> PostgresStorage.open(again, TestDatabase.randomCipher()))
                    .isInstanceOf(WrongMasterKeyException.class)
                    .hasMessageContaining("original key");
        } finally {
            again.close();
        }
        try (PostgresStorage storage = PostgresStorage.open(Database.external(url, "postgres", ""), key)) {
            assertThat(storage.transactor().inTransaction((Stores s) -> s.connections().technicalUser(
                    s.connections().all().get(0).id())).secret().reveal()).isEqualTo("very-secret-token");
        }
    }
}
