package io.boxsync.server.auth;

/**
 * Turns passwords into self-describing hash strings and checks passwords against them. Implementations are
 * thread-safe, deterministic in what they accept, and never log or keep the password.
 */
public interface PasswordHasher {

    /** A new salted hash of the password, as a string that carries its own algorithm and parameters. */
    String hash(char[] password);

    /**
     * Whether the password matches the encoded hash. A malformed or foreign hash string does not match; it never
     * throws for bad input.
     */
    boolean verify(char[] password, String encodedHash);
}
