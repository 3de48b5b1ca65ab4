package io.boxsync.simulator.jira;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The last few search results per (viewer, JQL), valid while the store's modCount is unchanged. Guarded by the store lock. */
final class SearchCache {
    private record Key(String viewer, String jql) {
    }

    private record Entry(long modCount, List<SimIssue> issues) {
    }

    private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > 8;
        }
    };

    List<SimIssue> get(SimAccount viewer, String jql, long modCount) {
        Entry entry = entries.get(new Key(viewer == null ? "" : viewer.accountId(), jql));
        return entry != null && entry.modCount() == modCount ? entry.issues() : null;
    }

    void put(SimAccount viewer, String jql, long modCount, List<SimIssue> issues) {
        entries.put(new Key(viewer == null ? "" : viewer.accountId(), jql), new Entry(modCount, issues));
    }
}
