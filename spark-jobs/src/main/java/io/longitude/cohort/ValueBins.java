package io.longitude.cohort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.longitude.config.BadInputException;
import io.longitude.fhir.VisitEvent;

import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How an observation's value becomes a token, and which values are numeric features. A numeric value is first
 * converted to its unit family's unit ({@link UnitConversions}: mg/L and g/dL become mg/dL, [lb_av] becomes kg, …).
 * A value of a binned (code, unit) then becomes {@code system|code#qK/N}: its quantile bin among the training split's
 * values of that code in that unit, bin 1 up to the first cut point, bin N above the last, so a value outside the
 * training range lands in an edge bin. A code the training split saw in several units after conversion (mg/dL and
 * mmol/L: no molar masses are known) is binned per unit and its tokens carry the unit
 * ({@code system|code[mg/dL]#qK/N}): units are never mixed. A coded value ({@code valueCodeableConcept}) becomes
 * {@code system|code=valueSystem|valueCode}. The last-value (code, unit) pairs give each visit two numeric features
 * per pair: the last value recorded in the visit (the training median when none was) and whether one was (1/0).
 * With values off no event gives a value token and there are no last values. Fitted by the cohort job on the training
 * split, kept by every model version trained on the cohort; bins kept before units were converted (no
 * {@code unitsConverted} in their JSON) look values up in their unit as recorded.
 */
public final class ValueBins implements Serializable {

    /** Values off: no value tokens. */
    public static final ValueBins NONE = new ValueBins(false, true, Map.of(), Set.of(), List.of(), new double[0]);

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean enabled;
    private final boolean unitsConverted;
    private final HashMap<ValueKey, double[]> cutPoints;
    private final HashSet<String> codesWithSeveralUnits;
    private final ArrayList<ValueKey> lastValueKeys;
    private final double[] lastValueMedians;
    private final HashMap<ValueKey, Integer> lastValueIndex = new HashMap<>();

    private ValueBins(boolean enabled, boolean unitsConverted, Map<ValueKey, double[]> cutPoints,
                      Set<String> codesWithSeveralUnits, List<ValueKey> lastValueKeys, double[] lastValueMedians) {
        if (lastValueKeys.size() != lastValueMedians.length) {
            throw new IllegalArgumentException(lastValueKeys.size() + " last-value codes, " + lastValueMedians.length
                    + " medians");
        }
        this.enabled = enabled;
        this.unitsConverted = unitsConverted;
        this.cutPoints = new HashMap<>(cutPoints);
        this.codesWithSeveralUnits = new HashSet<>(codesWithSeveralUnits);
        this.lastValueKeys = new ArrayList<>(lastValueKeys);
        this.lastValueMedians = lastValueMedians.clone();
        for (int i = 0; i < lastValueKeys.size(); i++) {
            lastValueIndex.put(lastValueKeys.get(i), i);
        }
    }

    /**
     * Bins from the training split's quantiles of each kept (code, unit) at {@link #probabilities}. Equal quantiles
     * (a value most patients share) collapse into one cut point, so such a code has fewer bins. {@code
     * codesWithSeveralUnits}: the codes the training split saw in more than one unit, kept or not.
     */
    public static ValueBins fitted(Map<ValueKey, double[]> quantiles, Set<String> codesWithSeveralUnits) {
        Map<ValueKey, double[]> cuts = new HashMap<>();
        quantiles.forEach((key, q) -> cuts.put(key, Arrays.stream(q).sorted().distinct().toArray()));
        return new ValueBins(true, true, cuts, codesWithSeveralUnits, List.of(), new double[0]);
    }

    /**
     * These bins with last values of {@code keys} (units as converted), in this order, a visit without one taking
     * the key's training median from {@code medians}.
     */
    public ValueBins withLastValues(List<ValueKey> keys, double[] medians) {
        return new ValueBins(enabled, unitsConverted, cutPoints, codesWithSeveralUnits, keys, medians);
    }

    /** The quantile levels of {@code bins} equal-frequency bins: 1/bins, 2/bins, …, (bins-1)/bins. */
    public static double[] probabilities(int bins) {
        double[] p = new double[bins - 1];
        for (int i = 1; i < bins; i++) {
            p[i - 1] = (double) i / bins;
        }
        return p;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The event's value token, or null: no value, values off, or a numeric value of a (code, unit) not binned. */
    String token(VisitEvent event, String codeToken) {
        if (!enabled) {
            return null;
        }
        if (event.getValue() != null) {
            UnitConversions.Converted value = converted(event);
            ValueKey key = new ValueKey(codeToken, value.unit());
            double[] cuts = cutPoints.get(key);
            if (cuts == null) {
                return null;
            }
            int bin = 1;
            while (bin <= cuts.length && value.value() > cuts[bin - 1]) {
                bin++;
            }
            String unit = codesWithSeveralUnits.contains(codeToken) ? "[" + key.unit() + "]" : "";
            return codeToken + unit + "#q" + bin + "/" + (cuts.length + 1);
        }
        return event.getValueCode() == null ? null : codeToken + "=" + event.getValueCode();
    }

    private UnitConversions.Converted converted(VisitEvent event) {
        return unitsConverted ? UnitConversions.convert(event.getUnit(), event.getValue())
                : new UnitConversions.Converted(event.getUnit() == null ? "" : event.getUnit(), event.getValue());
    }

    /** Names of the last-value features, two per (code, unit) in {@link #lastValues} order. */
    public List<String> lastValueFeatures() {
        List<String> names = new ArrayList<>(2 * lastValueKeys.size());
        for (ValueKey key : lastValueKeys) {
            names.add("last_value " + key);
            names.add("measured " + key);
        }
        return names;
    }

    /**
     * Per last-value (code, unit): the value of the latest of {@code events} (a visit's admitted events; equal times:
     * the one listed last) with a value of that code in that unit after conversion, else the training median; then
     * 1 if there was one, else 0.
     */
    float[] lastValues(List<VisitEvent> events) {
        float[] out = new float[2 * lastValueKeys.size()];
        if (out.length == 0) {
            return out;
        }
        Instant[] times = new Instant[lastValueKeys.size()];
        for (int i = 0; i < lastValueKeys.size(); i++) {
            out[2 * i] = (float) lastValueMedians[i];
        }
        for (VisitEvent event : events) {
            if (event.getValue() == null || event.getCode() == null) {
                continue;
            }
            UnitConversions.Converted value = converted(event);
            Integer i = lastValueIndex.get(new ValueKey(VisitTokeniser.token(event), value.unit()));
            if (i == null) {
                continue;
            }
            Instant time = event.getTime() == null ? Instant.MIN : event.getTime();
            if (times[i] == null || !time.isBefore(times[i])) {
                times[i] = time;
                out[2 * i] = (float) value.value();
                out[2 * i + 1] = 1f;
            }
        }
        return out;
    }

    /** As a model version and the cohort keep it: sorted, so that equal bins give equal text. */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("enabled", enabled);
        node.put("unitsConverted", unitsConverted);
        ArrayNode bins = node.putArray("bins");
        new TreeMap<>(cutPoints).forEach((key, cuts) -> {
            ObjectNode bin = bins.addObject();
            bin.put("code", key.code());
            bin.put("unit", key.unit());
            ArrayNode points = bin.putArray("cutPoints");
            Arrays.stream(cuts).forEach(points::add);
        });
        ArrayNode units = node.putArray("codesWithSeveralUnits");
        new TreeSet<>(codesWithSeveralUnits).forEach(units::add);
        ArrayNode last = node.putArray("lastValues");
        for (int i = 0; i < lastValueKeys.size(); i++) {
            last.addObject().put("code", lastValueKeys.get(i).code()).put("unit", lastValueKeys.get(i).unit())
                    .put("median", lastValueMedians[i]);
        }
        return node.toString();
    }

    /** Reads what {@link #toJson} wrote; {@code origin} names the file in errors. */
    public static ValueBins fromJson(String json, String origin) {
        try {
            JsonNode node = JSON.readTree(json);
            if (!node.path("enabled").isBoolean() || !node.path("bins").isArray()) {
                throw new BadInputException(origin + " is not a value-bins file: rebuild the cohort");
            }
            if (!node.get("enabled").asBoolean()) {
                return NONE;
            }
            Map<ValueKey, double[]> cuts = new HashMap<>();
            for (JsonNode bin : node.get("bins")) {
                double[] points = new double[bin.path("cutPoints").size()];
                for (int i = 0; i < points.length; i++) {
                    points[i] = bin.get("cutPoints").get(i).asDouble();
                }
                cuts.put(new ValueKey(bin.path("code").asText(), bin.path("unit").asText()), points);
            }
            Set<String> units = new HashSet<>();
            node.path("codesWithSeveralUnits").forEach(code -> units.add(code.asText()));
            List<ValueKey> lastKeys = new ArrayList<>();
            double[] medians = new double[node.path("lastValues").size()];
            for (JsonNode last : node.path("lastValues")) {
                medians[lastKeys.size()] = last.path("median").asDouble();
                lastKeys.add(new ValueKey(last.path("code").asText(), last.path("unit").asText()));
            }
            return new ValueBins(true, node.path("unitsConverted").asBoolean(false), cuts, units, lastKeys, medians);
        } catch (IOException e) {
            throw new BadInputException(origin + " is not valid JSON: " + e.getMessage());
        }
    }
}
