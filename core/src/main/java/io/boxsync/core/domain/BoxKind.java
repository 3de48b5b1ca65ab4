package io.boxsync.core.domain;

/** The Box types, from the widest to the narrowest. */
public enum BoxKind {
    PORTFOLIO, PROGRAM, PROJECT, ITERATION
}
