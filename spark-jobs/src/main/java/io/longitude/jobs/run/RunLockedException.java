package io.longitude.jobs.run;

/** Another pipeline run holds the warehouse. */
public final class RunLockedException extends RuntimeException {
    public RunLockedException(String message) {
        super(message);
    }
}
