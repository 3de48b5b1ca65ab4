package io.boxsync.storage;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTest {
    private final SecretCipher cipher = TestDatabase.randomCipher();

    @Test
    void encryptsToTheVersionedFormatWithAFreshNonceEachTime() {
        String first = cipher.encrypt("token-value", "connection:1:technical-token");
        String second = cipher.encrypt("token-value", "connection:1:technical-token");
        assertThat(first).startsWith("v1:").doesNotContain("token-value");
        assertThat(first).isNotEqualTo(second);
        assertThat(Base64.getDecoder().decode(first.substring(3))).hasSize(12 + "token-value".length() + 16);
        assertThat(cipher.decrypt(first, "connection:1:technical-token")).isEqualTo("token-value");
    }

    @Test
    void aTamperedValueIsRejectedNotDecryptedToGarbage() {
        String stored = cipher.encrypt("token-value", "ctx");
        byte[] bytes = Base64.getDecoder().decode(stored.substring(3));
        bytes[14] ^= 0x01;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> cipher.decrypt(tampered, "ctx")).isInstanceOf(WrongMasterKeyException.class)
                .hasMessageContaining("altered");
    }

    @Test
    void anotherKeyCannotDecryptAndTheMessageNamesTheMasterKey() {
        String stored = cipher.encrypt("token-value", "ctx");
        assertThatThrownBy(() -> TestDatabase.randomCipher().decrypt(stored, "ctx"))
                .isInstanceOf(WrongMasterKeyException.class)
                .hasMessageContaining("BOXSYNC_MASTER_KEY")
                .hasMessageNotContaining("token-value");
    }

    @Test
    void aValueMovedToAnotherRowDoesNotDecrypt() {
        String stored = cipher.encrypt("token-value", "remote-account:user:1:connection:2");
        assertThatThrownBy(() -> cipher.decrypt(stored, "remote-account:user:2:connection:2"))
                .isInstanceOf(WrongMasterKeyException.class);
    }

    @Test
    void damagedAndUnknownFormatsAreRejectedClearly() {
        assertThatThrownBy(() -> cipher.decrypt("plain-text", "ctx")).isInstanceOf(WrongMasterKeyException.class)
                .hasMessageContaining("format");
        assertThatThrownBy(() -> cipher.decrypt("v1:%%%", "ctx")).isInstanceOf(WrongMasterKeyException.class)
                .hasMessageContaining("damaged");
        assertThatThrownBy(() -> cipher.decrypt("v1:AAAA", "ctx")).isInstanceOf(WrongMasterKeyException.class)
                .hasMessageContaining("damaged");
    }

    @Test
    void aKeyOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> SecretCipher.withKey(new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void itsStringFormRevealsNoKey() {
        assertThat(cipher.toString()).contains("redacted");
    }
}
