package io.boxsync.server.security;

import io.boxsync.server.BoxsyncServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Direct reads of the server's database, to check what the API cannot show. */
public final class Db {
    private Db() {
    }

    /** The tables of the schema, Flyway's history excluded. */
    public static List<String> tables(BoxsyncServer server) {
        return server.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                        + "AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'flyway%' ORDER BY table_name")
                .mapTo(String.class).list());
    }

    /** Row count of every table. */
    public static Map<String, Long> counts(BoxsyncServer server) {
        Map<String, Long> counts = new LinkedHashMap<>();
        server.database().jdbi().useHandle(h -> {
            for (String table : tables(server)) {
                counts.put(table, h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
            }
        });
        return counts;
    }

    /** Row count of one table. */
    public static long count(BoxsyncServer server, String table) {
        return server.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table)
                .mapTo(Long.class).one());
    }

    /** Every row of every table as PostgreSQL's text form of the row. */
    public static List<String> everyRowAsText(BoxsyncServer server) {
        return server.database().jdbi().withHandle(h -> {
            List<String> rows = new java.util.ArrayList<>();
            for (String table : tables(server)) {
                rows.addAll(h.createQuery("SELECT '" + table + ": ' || t::text FROM " + table + " t")
                        .mapTo(String.class).list());
            }
            return rows;
        });
    }
}
