package io.boxsync.storage.auth;

import io.boxsync.core.domain.User;
import io.boxsync.storage.PostgresStorage;
import io.boxsync.storage.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthStoreIT {
    private static PostgresStorage storage;
    private static AuthStore auth;
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @BeforeAll
    static void open() {
        storage = TestDatabase.freshStorage();
        auth = storage.auth();
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    private static User user(String login) {
        return storage.transactor().inTransaction(s -> s.users().create(login, login.toUpperCase(), false));
    }

    @Test
    void aPasswordHashIsStoredReplacedAndFoundByLogin() {
        User ann = user("ann");
        assertThat(auth.passwordHash("ann")).isEmpty();
        assertThat(auth.credentials("ann")).isEmpty();
        auth.setPasswordHash(ann.id(), "hash-1");
        auth.setPasswordHash(ann.id(), "hash-2");
        assertThat(auth.passwordHash("ann")).contains("hash-2");
        assertThat(auth.credentials("ann")).get().satisfies(c -> {
            assertThat(c.user()).isEqualTo(ann);
            assertThat(c.passwordHash()).isEqualTo("hash-2");
        });
        assertThat(auth.passwordHash("nobody")).isEmpty();
    }

    @Test
    void settingThePasswordOfAnUnknownUserFails() {
        assertThatThrownBy(() -> auth.setPasswordHash(io.boxsync.core.domain.UserId.of(999_999), "h"))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aTokenFindsItsUserUntilItExpiresOrIsDeleted() {
        User bob = user("bob");
        AuthStore.ApiToken token = auth.createToken(bob.id(), "ci", "tok-hash-bob", NOW, NOW.plus(Duration.ofDays(1)));
        assertThat(auth.userByTokenHash("tok-hash-bob", NOW.plusSeconds(60))).contains(bob);
        assertThat(auth.tokens(bob.id())).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("ci");
            assertThat(t.lastUsedAt()).isEqualTo(NOW.plusSeconds(60));
            assertThat(t.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(1)));
        });
        assertThat(auth.userByTokenHash("tok-hash-bob", NOW.plusSeconds(90))).contains(bob);
        assertThat(auth.tokens(bob.id()).get(0).lastUsedAt()).as("used again within the minute: only read")
                .isEqualTo(NOW.plusSeconds(60));
        assertThat(auth.userByTokenHash("tok-hash-bob", NOW.plusSeconds(120))).contains(bob);
        assertThat(auth.tokens(bob.id()).get(0).lastUsedAt()).isEqualTo(NOW.plusSeconds(120));
        assertThat(auth.userByTokenHash("tok-hash-bob", NOW.plus(Duration.ofDays(2)))).isEmpty();
        assertThat(auth.userByTokenHash("unknown", NOW)).isEmpty();
        assertThat(auth.deleteToken(bob.id(), token.id())).isTrue();
        assertThat(auth.deleteToken(bob.id(), token.id())).isFalse();
        assertThat(auth.userByTokenHash("tok-hash-bob", NOW)).isEmpty();
    }

    @Test
    void aTokenWithoutExpiryWorksAndAReusedHashIsRefused() {
        User cid = user("cid");
        auth.createToken(cid.id(), "forever", "tok-hash-cid");
        assertThat(auth.userByTokenHash("tok-hash-cid")).contains(cid);
        assertThatThrownBy(() -> auth.createToken(cid.id(), "again", "tok-hash-cid"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSessionIsFoundUntilItExpiresAndIsGoneAfterLogout() {
        User dee = user("dee");
        Instant created = NOW.truncatedTo(ChronoUnit.MILLIS);
        AuthStore.Session session = auth.createSession("sess-dee", dee.id(), "csrf-1", created, created.plusSeconds(3600));
        assertThat(auth.findSession("sess-dee", created.plusSeconds(10))).contains(session);
        assertThat(auth.findSession("sess-dee", created.plusSeconds(3600))).isEmpty();
        assertThat(auth.extendSession("sess-dee", created.plusSeconds(7200))).isTrue();
        assertThat(auth.findSession("sess-dee", created.plusSeconds(3600))).isPresent();
        auth.deleteSession("sess-dee");
        auth.deleteSession("sess-dee");
        assertThat(auth.findSession("sess-dee", created)).isEmpty();
    }

    @Test
    void expiredSessionsAndAllSessionsOfAUserCanBeRemoved() {
        User eve = user("eve");
        auth.createSession("old", eve.id(), "c", NOW, NOW.plusSeconds(1));
        auth.createSession("live-1", eve.id(), "c", NOW, NOW.plusSeconds(1000));
        auth.createSession("live-2", eve.id(), "c", NOW, NOW.plusSeconds(1000));
        assertThat(auth.deleteExpiredSessions(NOW.plusSeconds(10))).isGreaterThanOrEqualTo(1);
        assertThat(auth.findSession("live-1", NOW)).isPresent();
        assertThat(auth.deleteSessionsOf(eve.id())).isEqualTo(2);
        assertThat(auth.findSession("live-2", NOW)).isEmpty();
    }
}
