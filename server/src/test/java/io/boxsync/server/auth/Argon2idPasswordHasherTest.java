package io.boxsync.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Argon2idPasswordHasherTest {

    private final Argon2idPasswordHasher hasher = new Argon2idPasswordHasher();
    private final Argon2idPasswordHasher cheap = new Argon2idPasswordHasher(1024, 1, 1);

    @Test
    void aHashIsAnArgon2idPhcStringWithTheOwaspParameters() {
        assertThat(hasher.hash("correct horse battery staple".toCharArray()))
                .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void theRightPasswordMatchesAndAWrongOneDoesNot() {
        String hash = cheap.hash("correct horse battery staple".toCharArray());

        assertThat(cheap.verify("correct horse battery staple".toCharArray(), hash)).isTrue();
        assertThat(cheap.verify("correct horse battery stapler".toCharArray(), hash)).isFalse();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTime() {
        assertThat(cheap.hash("same".toCharArray())).isNotEqualTo(cheap.hash("same".toCharArray()));
    }

    @Test
    void aHashFromTheReferenceImplementationIsVerified() {
        // the reference CLI (Debian package argon2):
        // echo -n "correct horse" | argon2 saltsaltsalt16b -id -t 2 -k 19456 -p 1 -l 32 -e
        String reference = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0MTZi"
                + "$iJRxIIMSnjIFPKn9qwJpHvQSqlnIyTsiouP+oBmulHE";

        assertThat(hasher.verify("correct horse".toCharArray(), reference)).isTrue();
        assertThat(hasher.verify("correct horsE".toCharArray(), reference)).isFalse();
    }

    @Test
    void malformedOrForeignHashesNeverMatchAndNeverThrow() {
        for (String bad : new String[] {null, "", "plain", "$2a$10$abcdefghijklmnopqrstuv",
                "$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
                "$argon2id$v=19$m=9999999,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"}) {
            assertThat(cheap.verify("password".toCharArray(), bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}
