package io.longitude.models.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a pipeline run trains a new version or keeps the newest one it has: {@code always},
 * {@code never} (train only when there is no version yet) or {@code if-older-than} a maximum age (the age of
 * the newest finished version, from the training time in its name).
 */
public record RetrainPolicy(When when, Duration maxAge) {

    public enum When {
        ALWAYS, NEVER, IF_OLDER_THAN;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static When of(String label) {
            return Arrays.stream(values()).filter(w -> w.label().equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("must be one of "
                            + Arrays.stream(values()).map(When::label).toList() + ", got '" + label + "'"));
        }
    }

    /**
     * What a run does with a model.
     *
     * @param train  whether it trains a new version
     * @param kept   the version it keeps instead (null when it trains)
     * @param reason why, in words for the manifest
     */
    public record Decision(boolean train, ModelVersion kept, String reason) {
    }

    public RetrainPolicy {
        if (when == When.IF_OLDER_THAN && (maxAge == null || maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("if-older-than needs a positive age, got " + maxAge);
        }
    }

    /** From the configuration's words: {@code always}, {@code never} or {@code if-older-than} with its age. */
    public static RetrainPolicy of(String when, Duration maxAge) {
        return new RetrainPolicy(When.of(when), maxAge);
    }

    public Decision decide(Optional<ModelVersion> latest, Instant now) {
        if (latest.isEmpty()) {
            return new Decision(true, null, "trained now: no trained version yet");
        }
        if (when == When.ALWAYS) {
            return new Decision(true, null, "trained now (run.retrain = always)");
        }
        ModelVersion version = latest.get();
        if (when == When.NEVER) {
            return new Decision(false, version, "kept " + version.name() + " (run.retrain = never)");
        }
        Optional<Instant> trainedAt = version.trainedAt();
        if (trainedAt.isEmpty()) {
            return new Decision(true, null, "trained now: the age of " + version.name() + " is unknown (its name holds no training time)");
        }
        Duration age = Duration.between(trainedAt.get(), now);
        if (age.compareTo(maxAge) < 0) {
            return new Decision(false, version, "kept " + version.name() + ": trained " + words(age)
                    + " ago, younger than " + words(maxAge) + " (run.retrain = if-older-than)");
        }
        return new Decision(true, null, "trained now: " + version.name() + " was trained " + words(age)
                + " ago, not younger than " + words(maxAge) + " (run.retrain = if-older-than)");
    }

    /** A duration as a person reads it: {@code 7d}, {@code 2d 3h}, {@code 45m}. */
    static String words(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long rest = minutes % 60;
        StringBuilder text = new StringBuilder();
        if (days > 0) {
            text.append(days).append('d');
        }
        if (hours > 0) {
            text.append(text.isEmpty() ? "" : " ").append(hours).append('h');
        }
        if (rest > 0 || text.isEmpty()) {
            text.append(text.isEmpty() ? "" : " ").append(rest).append('m');
        }
        return text.toString();
    }
}
