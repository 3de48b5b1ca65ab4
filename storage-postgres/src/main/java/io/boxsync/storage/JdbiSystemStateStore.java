package io.boxsync.storage;

import io.boxsync.core.port.SystemStateStore;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

final class JdbiSystemStateStore implements SystemStateStore {
    private final Handle handle;

    JdbiSystemStateStore(Handle handle) {
        this.handle = handle;
    }

    @Override
    public Optional<Installation> installation() {
        return handle.createQuery("SELECT installed_at, installed_version FROM system_state")
                .map((rs, ctx) -> new Installation(Rows.instant(rs, "installed_at"), rs.getString("installed_version")))
                .findOne();
    }

    @Override
    public void recordInstallation(Instant at, String version) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(version, "version");
        int rows = handle.createUpdate("INSERT INTO system_state (installed_at, installed_version) VALUES (:at, :version)"
                        + " ON CONFLICT DO NOTHING")
                .bind("at", Rows.at(at)).bind("version", version).execute();
        if (rows == 0) {
            throw new IllegalStateException("the installation is recorded already");
        }
    }

    @Override
    public void setInstalledVersion(String version) {
        Objects.requireNonNull(version, "version");
        int rows = handle.createUpdate("UPDATE system_state SET installed_version = :version")
                .bind("version", version).execute();
        if (rows == 0) {
            throw new IllegalStateException("no installation is recorded yet");
        }
    }
}
