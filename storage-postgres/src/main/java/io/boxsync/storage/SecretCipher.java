package io.boxsync.storage;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Encrypts credentials at rest with AES-256-GCM under the master key.
 *
 * <p>Stored format: {@code v1:<base64(nonce | ciphertext | tag)>} with a random 96-bit nonce per value. The caller
 * passes associated data naming the row and column the value belongs to (e.g. {@code "connection:7:token"}), so a
 * value copied to another row does not decrypt. Thread-safe.
 */
public final class SecretCipher {
    private static final String PREFIX = "v1:";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SecretCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * @param key 32 bytes
     * @throws IllegalArgumentException when the key is not 32 bytes long
     */
    public static SecretCipher withKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the master key must be " + KEY_BYTES + " bytes, not " + key.length);
        }
        return new SecretCipher(Arrays.copyOf(key, KEY_BYTES));
    }

    /** Encrypts the value, bound to the associated data. */
    public String encrypt(String plaintext, String associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * Decrypts a value stored by {@link #encrypt}.
     *
     * @throws WrongMasterKeyException when the value does not decrypt: another master key, an altered value, or a
     *                                 value of another row
     */
    public String decrypt(String stored, String associatedData) {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(associatedData, "associatedData");
        if (!stored.startsWith(PREFIX)) {
            throw new WrongMasterKeyException("a stored credential (" + associatedData
                    + ") is not in a format this Boxsync knows (expected " + PREFIX + "...)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new WrongMasterKeyException("a stored credential (" + associatedData + ") is damaged");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new WrongMasterKeyException("a stored credential (" + associatedData + ") is damaged");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new WrongMasterKeyException("a stored credential (" + associatedData + ") cannot be decrypted:"
                    + " the master key (" + MasterKey.ENV_VARIABLE + " or " + MasterKey.FILE_NAME
                    + ") is not the one it was encrypted with, or the stored value was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "SecretCipher[AES-256-GCM, key redacted]";
    }
}
