package io.boxsync.simulator.jira;

import java.time.LocalDate;

/** A project version (the values of {@code fixVersions}). */
record SimVersion(long id, String projectKey, String name, LocalDate releaseDate, boolean released) {
}
