package io.boxsync.core.port;

import io.boxsync.connector.RemoteAccount;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.UserId;
import java.util.Map;
import java.util.Optional;

/** The remote accounts users link per connection; their tokens are encrypted at rest. */
public interface RemoteAccountStore {

    /** Links or re-links the user's account on the connection. */
    void link(UserId user, ConnectionId connection, RemoteAccount account);

    void unlink(UserId user, ConnectionId connection);

    /** The user's own account on the connection, decrypted. */
    Optional<RemoteAccount> accountOf(UserId user, ConnectionId connection);

    /** The Boxsync user who linked that remote account id on the connection. */
    Optional<UserId> userOf(ConnectionId connection, String remoteAccountId);

    /** The user's linked accounts, by connection, without secrets revealed anywhere but through the record. */
    Map<ConnectionId, RemoteAccount> accountsOf(UserId user);
}
