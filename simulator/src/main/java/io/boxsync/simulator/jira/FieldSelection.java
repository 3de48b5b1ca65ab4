package io.boxsync.simulator.jira;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code fields} parameter: {@code *all}, {@code *navigable}, names, {@code -name} exclusions; id/key alone = none. */
final class FieldSelection {
    static final FieldSelection ALL = new FieldSelection(true, Set.of(), Set.of());
    static final FieldSelection NONE = new FieldSelection(false, Set.of(), Set.of());

    private final boolean all;
    private final Set<String> included;
    private final Set<String> excluded;

    private FieldSelection(boolean all, Set<String> included, Set<String> excluded) {
        this.all = all;
        this.included = included;
        this.excluded = excluded;
    }

    /** Parses the names (already split on commas); an empty list yields {@code whenAbsent}. */
    static FieldSelection parse(List<String> names, FieldSelection whenAbsent) {
        if (names == null || names.isEmpty()) {
            return whenAbsent;
        }
        boolean all = false;
        Set<String> included = new HashSet<>();
        Set<String> excluded = new HashSet<>();
        for (String raw : names) {
            for (String part : raw.split(",")) {
                String name = part.trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (name.equals("*all") || name.equals("*navigable")) {
                    all = true;
                } else if (name.startsWith("-")) {
                    excluded.add(name.substring(1));
                } else if (!name.equals("id") && !name.equals("key")) {
                    included.add(name);
                }
            }
        }
        return new FieldSelection(all, included, excluded);
    }

    boolean includes(String field) {
        return (all || included.contains(field)) && !excluded.contains(field);
    }

    boolean isEmpty() {
        return !all && included.isEmpty();
    }
}
