package io.boxsync.core.port;

import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.DependencyId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Dependencies between tasks. */
public interface DependencyStore {

    /** Stores a new dependency (id {@code null}) and returns it with its id. */
    Dependency insert(Dependency dependency);

    void delete(DependencyId id);

    Optional<Dependency> find(DependencyId id);

    Optional<Dependency> findByRemoteLink(String remoteLinkId);

    /** Dependencies with either end among the tasks. */
    List<Dependency> touching(Collection<io.boxsync.core.domain.TaskId> tasks);

    /** Dependencies with both ends in the Box. */
    List<Dependency> ofBox(BoxId box);
}
