package io.boxsync.simulator.jira;

/** An issue link type: "A outward B" and "B inward A". */
record SimLinkType(long id, String name, String inward, String outward) {
}
