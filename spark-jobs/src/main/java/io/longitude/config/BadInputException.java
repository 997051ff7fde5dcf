package io.longitude.config;

/** Input that a job cannot run on at all (a missing path, no readable file); bad records never raise this. */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }
}
