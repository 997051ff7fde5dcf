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
 * The recalibration a model's raw scores go through before they are called probabilities: Platt or isotonic,
 * fitted on the validation split by evaluate and stored in the model version, so that scoring applies exactly
 * what evaluate measured. A Platt fit that does not exist (separable or constant scores) leaves scores as they
 * are, as evaluate does.
 */
public final class Recalibrator implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RecalibrationMethod method;
    private final LogisticRecalibration platt;
    private final IsotonicRecalibration isotonic;
    private final int validationSamples;

    private Recalibrator(RecalibrationMethod method, LogisticRecalibration platt, IsotonicRecalibration isotonic,
                         int validationSamples) {
        this.method = method;
        this.platt = platt;
        this.isotonic = isotonic;
        this.validationSamples = validationSamples;
    }

    public static Recalibrator fit(RecalibrationMethod method, double[] scores, int[] labels) {
        return method == RecalibrationMethod.PLATT
                ? new Recalibrator(method, LogisticRecalibration.fit(scores, labels), null, scores.length)
                : new Recalibrator(method, null, IsotonicRecalibration.fit(scores, labels), scores.length);
    }

    /** False when a Platt fit did not exist on the validation split, so that {@link #apply} passes scores through. */
    public boolean recalibrates() {
        return method == RecalibrationMethod.ISOTONIC || platt.isDefined();
    }

    public double apply(double score) {
        if (method == RecalibrationMethod.ISOTONIC) {
            return isotonic.apply(score);
        }
        return platt.isDefined() ? platt.apply(score) : score;
    }

    public void write(Path file) {
        ObjectNode node = JSON.createObjectNode();
        node.put("method", method.name().toLowerCase(Locale.ROOT));
        node.put("fittedOn", "validation");
        node.put("validationSamples", validationSamples);
        if (platt != null) {
            ObjectNode p = node.putObject("platt");
            putNumber(p, "intercept", platt.intercept());
            putNumber(p, "slope", platt.slope());
        } else {
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

    public static Recalibrator read(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            RecalibrationMethod method = RecalibrationMethod.valueOf(node.path("method").asText().toUpperCase(Locale.ROOT));
            int samples = node.path("validationSamples").asInt();
            if (method == RecalibrationMethod.PLATT) {
                JsonNode p = node.path("platt");
                return new Recalibrator(method, new LogisticRecalibration(number(p.path("intercept")),
                        number(p.path("slope"))), null, samples);
            }
            JsonNode i = node.path("isotonic");
            return new Recalibrator(method, null, new IsotonicRecalibration(doubles(i.path("blockLow")),
                    doubles(i.path("blockHigh")), doubles(i.path("blockValue"))), samples);
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
