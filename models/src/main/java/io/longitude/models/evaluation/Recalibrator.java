package io.longitude.models.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The recalibration a model's raw scores go through before they are called probabilities, fitted on the validation
 * split by evaluate and stored in the model version, so that scoring applies exactly what evaluate measured.
 * The configured method (Platt or isotonic) is applied only where the validation split supports it: with fewer
 * positive patients than a metric needs to be judged, or with a Platt slope that is not positive (which would turn
 * the model's ranking upside down), only the base rate is recalibrated ({@link AppliedRecalibration#INTERCEPT}:
 * ranking and spread kept); with one class only, scores pass through. {@link #reason()} says why.
 */
public final class Recalibrator implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RecalibrationMethod method;
    private final AppliedRecalibration applied;
    private final String reason;
    private final LogisticRecalibration logistic;
    private final IsotonicRecalibration isotonic;
    private final int validationSamples;
    private final long validationPositivePatients;

    private Recalibrator(RecalibrationMethod method, AppliedRecalibration applied, String reason,
                         LogisticRecalibration logistic, IsotonicRecalibration isotonic, int validationSamples,
                         long validationPositivePatients) {
        this.method = method;
        this.applied = applied;
        this.reason = reason;
        this.logistic = logistic;
        this.isotonic = isotonic;
        this.validationSamples = validationSamples;
        this.validationPositivePatients = validationPositivePatients;
    }

    /**
     * @param positivePatients    patients with a positive sample in the validation split
     * @param minPositivePatients the fewest positive patients the configured method is fitted on (the same minimum
     *                            below which a metric cannot be judged)
     */
    public static Recalibrator fit(RecalibrationMethod method, double[] scores, int[] labels, long positivePatients,
                                   int minPositivePatients) {
        int positives = 0;
        for (int label : labels) {
            positives += label;
        }
        if (positives == 0 || positives == labels.length) {
            return new Recalibrator(method, AppliedRecalibration.NONE, "the validation split has "
                    + (positives == 0 ? "no positive" : "no negative") + " sample", null, null, scores.length,
                    positivePatients);
        }
        if (positivePatients < minPositivePatients) {
            return baseRateOnly(method, scores, labels, positivePatients, positivePatients
                    + " positive patient(s) in the validation split, fewer than the minimum of " + minPositivePatients);
        }
        if (method == RecalibrationMethod.ISOTONIC) {
            return new Recalibrator(method, AppliedRecalibration.ISOTONIC, null, null,
                    IsotonicRecalibration.fit(scores, labels), scores.length, positivePatients);
        }
        LogisticRecalibration platt = LogisticRecalibration.fit(scores, labels);
        if (!platt.isDefined()) {
            return baseRateOnly(method, scores, labels, positivePatients,
                    "no maximum-likelihood Platt fit exists (the validation scores separate the classes)");
        }
        if (platt.slope() <= 0) {
            return baseRateOnly(method, scores, labels, positivePatients, String.format(Locale.ROOT,
                    "the Platt slope is %.3f: it would reverse the model's ranking", platt.slope()));
        }
        return new Recalibrator(method, AppliedRecalibration.PLATT, null, platt, null, scores.length, positivePatients);
    }

    private static Recalibrator baseRateOnly(RecalibrationMethod method, double[] scores, int[] labels,
                                             long positivePatients, String reason) {
        return new Recalibrator(method, AppliedRecalibration.INTERCEPT, reason,
                LogisticRecalibration.fitIntercept(scores, labels), null, scores.length, positivePatients);
    }

    /** False when scores pass through unchanged (a one-class validation split). */
    public boolean recalibrates() {
        return applied != AppliedRecalibration.NONE;
    }

    public AppliedRecalibration applied() {
        return applied;
    }

    /** Why the configured method was not applied as configured; null when it was. */
    public String reason() {
        return reason;
    }

    /** The fitted σ(a + b·logit(score)) of {@link AppliedRecalibration#PLATT} and {@code INTERCEPT}; null otherwise. */
    public LogisticRecalibration logistic() {
        return logistic;
    }

    public double apply(double score) {
        return switch (applied) {
            case PLATT, INTERCEPT -> logistic.apply(score);
            case ISOTONIC -> isotonic.apply(score);
            case NONE -> score;
        };
    }

    public void write(Path file) {
        ObjectNode node = JSON.createObjectNode();
        node.put("method", method.name().toLowerCase(Locale.ROOT));
        node.put("applied", applied.label());
        if (reason == null) {
            node.putNull("reason");
        } else {
            node.put("reason", reason);
        }
        node.put("fittedOn", "validation");
        node.put("validationSamples", validationSamples);
        node.put("validationPositivePatients", validationPositivePatients);
        if (logistic != null) {
            ObjectNode p = node.putObject(applied == AppliedRecalibration.PLATT ? "platt" : "intercept");
            putNumber(p, "intercept", logistic.intercept());
            putNumber(p, "slope", logistic.slope());
        } else if (isotonic != null) {
            ObjectNode i = node.putObject("isotonic");
            array(i.putArray("blockLow"), isotonic.blockLow());
            array(i.putArray("blockHigh"), isotonic.blockHigh());
            array(i.putArray("blockValue"), isotonic.blockValue());
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), node);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads what {@link #write} wrote; a file from before {@code applied} existed applies its method as stored. */
    public static Recalibrator read(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            RecalibrationMethod method = RecalibrationMethod.valueOf(node.path("method").asText().toUpperCase(Locale.ROOT));
            AppliedRecalibration applied = node.hasNonNull("applied")
                    ? AppliedRecalibration.valueOf(node.get("applied").asText().toUpperCase(Locale.ROOT))
                    : AppliedRecalibration.valueOf(method.name());
            String reason = node.hasNonNull("reason") ? node.get("reason").asText() : null;
            int samples = node.path("validationSamples").asInt();
            long positivePatients = node.path("validationPositivePatients").asLong(-1);
            if (applied == AppliedRecalibration.PLATT || applied == AppliedRecalibration.INTERCEPT) {
                JsonNode p = node.path(applied == AppliedRecalibration.PLATT ? "platt" : "intercept");
                LogisticRecalibration logistic = new LogisticRecalibration(number(p.path("intercept")),
                        number(p.path("slope")));
                if (!logistic.isDefined()) {
                    // Written before the fallbacks existed: an undefined Platt fit left scores as they were.
                    return new Recalibrator(method, AppliedRecalibration.NONE, "no Platt fit was stored", null, null,
                            samples, positivePatients);
                }
                return new Recalibrator(method, applied, reason, logistic, null, samples, positivePatients);
            }
            if (applied == AppliedRecalibration.NONE) {
                return new Recalibrator(method, applied, reason, null, null, samples, positivePatients);
            }
            JsonNode i = node.path("isotonic");
            return new Recalibrator(method, applied, reason, null, new IsotonicRecalibration(doubles(i.path("blockLow")),
                    doubles(i.path("blockHigh")), doubles(i.path("blockValue"))), samples, positivePatients);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the recalibrator " + file + ": " + e.getMessage(), e);
        }
    }

    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }

    private static void array(ArrayNode array, double[] values) {
        for (double v : values) {
            array.add(v);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
