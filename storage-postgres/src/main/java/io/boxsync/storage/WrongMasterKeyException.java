package io.boxsync.storage;

/**
 * A stored credential does not decrypt: Boxsync was started with another master key than the one the data was
 * written with (or the stored value was altered). Start with the original key; re-entering the credentials is the
 * only other way out.
 */
public final class WrongMasterKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WrongMasterKeyException(String message) {
        super(message);
    }
}
