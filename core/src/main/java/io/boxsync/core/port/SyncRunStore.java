package io.boxsync.core.port;

import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.domain.SyncRunId;
import io.boxsync.core.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Records of full and incremental sync runs. */
public interface SyncRunStore {

    /** Records a run that starts now, with outcome RUNNING. */
    SyncRun start(BoxId box, ChangeOrigin origin, UserId requester, Instant at, boolean indexOverride);

    /** Records progress; called in its own short transaction so others see it while the run goes on. */
    void progress(SyncRunId run, int pagesRead, int pagesTotal);

    /** Records how the run ended. */
    void finish(SyncRunId run, SyncRun.Outcome outcome, String reason, SyncRun.Counts counts, Instant at);

    Optional<SyncRun> find(SyncRunId run);

    /** The Box's runs, newest first. */
    List<SyncRun> recent(BoxId box, int limit);

    /** The Box's full-sync run that is RUNNING, if any (a run of a node that died stays RUNNING until the next one). */
    Optional<SyncRun> running(BoxId box);

    /** The Box's newest full-sync run, if it is HELD by a guard. */
    Optional<SyncRun> held(BoxId box);
}
