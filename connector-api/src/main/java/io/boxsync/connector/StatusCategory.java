package io.boxsync.connector;

/** The coarse state every tool's status maps to; Done tasks are never moved by automation. */
public enum StatusCategory {
    TO_DO, IN_PROGRESS, DONE
}
