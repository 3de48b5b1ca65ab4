package io.boxsync.storage;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Finds the master key that encrypts credentials at rest: the environment variable {@value #ENV_VARIABLE} (base64
 * of 32 bytes) when set, else the key file {@code <dataDir>/}{@value #FILE_NAME}, created on first start with
 * owner-only permissions. Losing the key makes stored credentials unreadable: back it up with the database.
 */
public final class MasterKey {
    public static final String ENV_VARIABLE = "BOXSYNC_MASTER_KEY";
    public static final String FILE_NAME = "master.key";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private MasterKey() {
    }

    /** The cipher for the key from the process environment or the data directory's key file. */
    public static SecretCipher cipher(Path dataDir) {
        return SecretCipher.withKey(resolve(System.getenv(), dataDir));
    }

    /**
     * The key bytes from {@code env} or the key file.
     *
     * @throws IllegalArgumentException when the variable or the file does not hold base64 of 32 bytes
     */
    public static byte[] resolve(Map<String, String> env, Path dataDir) {
        String fromEnv = env.get(ENV_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return decode(fromEnv, ENV_VARIABLE);
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return decode(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or create the master key file " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** A new random key, base64-encoded, e.g. for {@value #ENV_VARIABLE}. */
    public static String generate() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temporary, generate() + "\n");
            Files.setPosixFilePermissions(temporary, OWNER_ONLY);
            try {
                // a link fails if the file appeared meanwhile, so two starts never write different keys
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException raced) {
                return;
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                moveAtomically(temporary, file);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void moveAtomically(Path temporary, Path file) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file);
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The master key in " + source + " is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("The master key in " + source + " must be 32 bytes (base64 of 32"
                    + " random bytes), not " + key.length);
        }
        return key;
    }
}
