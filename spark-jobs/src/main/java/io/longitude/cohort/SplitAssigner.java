package io.longitude.cohort;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * Train/validation/test assignment: by a salted SHA-256 of the patient key (all of a patient's samples in
 * one split, stable across runs and data growth), or, for a temporal split, by the sample's index time.
 */
public final class SplitAssigner implements Serializable {

    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    public static final String TEST = "test";

    private static final long serialVersionUID = 1L;
    private static final double TWO_TO_53 = 0x1.0p53;

    private final TaskConfig config;

    SplitAssigner(TaskConfig config) {
        this.config = config;
    }

    String split(String patientKey, Instant indexTime) {
        if (config.temporalSplit()) {
            if (indexTime.isBefore(config.temporalTrainBefore())) {
                return TRAIN;
            }
            return indexTime.isBefore(config.temporalTestFrom()) ? VALIDATION : TEST;
        }
        return patientSplit(config, patientKey);
    }

    /**
     * The split of every sample of a patient under a task's hash split; a temporal split has no such thing
     * (a patient's samples may then fall in several splits).
     */
    public static String patientSplit(TaskConfig config, String patientKey) {
        if (config.temporalSplit()) {
            throw new IllegalArgumentException("task " + config.name() + " splits by time, not by patient");
        }
        double u = unitHash(config.splitSalt() + "|" + patientKey);
        if (u < config.trainFraction()) {
            return TRAIN;
        }
        return u < config.trainFraction() + config.validationFraction() ? VALIDATION : TEST;
    }

    /** A uniform number in [0, 1) from the first 53 bits of SHA-256. */
    static double unitHash(String text) {
        return (ByteBuffer.wrap(sha256(text)).getLong() >>> 11) / TWO_TO_53;
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
