package io.boxsync.core.port;

import java.time.Instant;
import java.util.Optional;

/** Facts about this installation: when it was first started, and which version last ran it. */
public interface SystemStateStore {

    /**
     * @param installedAt      the first start
     * @param installedVersion the version that last started
     */
    record Installation(Instant installedAt, String installedVersion) {
    }

    /** Empty on the very first start of a new installation. */
    Optional<Installation> installation();

    /** Records the first start; fails if one is recorded already. */
    void recordInstallation(Instant at, String version);

    void setInstalledVersion(String version);
}
