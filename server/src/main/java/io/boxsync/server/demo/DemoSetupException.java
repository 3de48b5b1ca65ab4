package io.boxsync.server.demo;

/** The demo could not set itself up; the message says what failed and, where known, what to do (e.g. use --fresh). */
public final class DemoSetupException extends RuntimeException {
    public DemoSetupException(String message) {
        super(message);
    }

    public DemoSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
