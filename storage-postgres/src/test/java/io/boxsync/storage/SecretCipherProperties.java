package io.boxsync.storage;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherProperties {
    private final SecretCipher cipher = TestDatabase.randomCipher();

    @Property(tries = 300)
    void everyValueRoundTripsUnderItsAssociatedData(@ForAll String plaintext, @ForAll String context) {
        assertThat(cipher.decrypt(cipher.encrypt(plaintext, context), context)).isEqualTo(plaintext);
    }

    @Property(tries = 100)
    void aValueNeverDecryptsUnderOtherAssociatedData(@ForAll String plaintext, @ForAll String context) {
        String stored = cipher.encrypt(plaintext, context);
        assertThatThrownBy(() -> cipher.decrypt(stored, context + "x")).isInstanceOf(WrongMasterKeyException.class);
    }
}
