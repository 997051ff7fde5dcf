package io.longitude.config;

/** A configuration or command-line value that cannot be used; its message names the key and the problem. */
public final class InvalidConfigException extends RuntimeException {
    public InvalidConfigException(String message) {
        super(message);
    }
}
