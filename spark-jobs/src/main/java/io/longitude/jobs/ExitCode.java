package io.longitude.jobs;

/** Process exit codes of {@code scripts/longitude}, documented in README.md for schedulers. */
public enum ExitCode {
    OK(0),
    FAILURE(1),
    USAGE(2),
    BAD_INPUT(3),
    DEGRADED(4),
    LOCKED(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
