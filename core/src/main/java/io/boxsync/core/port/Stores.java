package io.boxsync.core.port;

/** The stores bound to one transaction. Valid only inside the {@link Transactor} call that gave them. */
public interface Stores {
    BoxStore boxes();

    TaskStore tasks();

    BoxContentStore contents();

    DependencyStore dependencies();

    IterationStore iterations();

    ChangeLog changes();

    SyncRunStore runs();

    CursorStore cursors();

    EventQueue events();

    OutboxStore outbox();

    SystemStateStore system();

    MetadataStore metadata();

    UserStore users();

    ConnectionStore connections();

    RemoteAccountStore accounts();

    /** The read path of opening a Box; by default over the stores above, storage gives a faster one. */
    default BoxContentsReader contentsReader() {
        return BoxContentsReader.over(this);
    }
}
