package io.longitude.cohort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.longitude.config.BadInputException;
import io.longitude.fhir.VisitEvent;

import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How an observation's value becomes a token. A numeric value of a binned (code, unit) becomes
 * {@code system|code#qK/N}: its quantile bin among the training split's values of that code in that unit, bin 1 up to
 * the first cut point, bin N above the last, so a value outside the training range lands in an edge bin. A code the
 * training split saw in several units is binned per unit and its tokens carry the unit
 * ({@code system|code[mg/dL]#qK/N}): units are never mixed and none is converted. A coded value
 * ({@code valueCodeableConcept}) becomes {@code system|code=valueSystem|valueCode}. With values off no event gives a
 * value token. Fitted by the cohort job on the training split, kept by every model version trained on the cohort.
 */
public final class ValueBins implements Serializable {

    /** Values off: no value tokens. */
    public static final ValueBins NONE = new ValueBins(false, Map.of(), Set.of());

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean enabled;
    private final HashMap<ValueKey, double[]> cutPoints;
    private final HashSet<String> codesWithSeveralUnits;

    private ValueBins(boolean enabled, Map<ValueKey, double[]> cutPoints, Set<String> codesWithSeveralUnits) {
        this.enabled = enabled;
        this.cutPoints = new HashMap<>(cutPoints);
        this.codesWithSeveralUnits = new HashSet<>(codesWithSeveralUnits);
    }

    /**
     * Bins from the training split's quantiles of each kept (code, unit) at {@link #probabilities}. Equal quantiles
     * (a value most patients share) collapse into one cut point, so such a code has fewer bins. {@code
     * codesWithSeveralUnits}: the codes the training split saw in more than one unit, kept or not.
     */
    public static ValueBins fitted(Map<ValueKey, double[]> quantiles, Set<String> codesWithSeveralUnits) {
        Map<ValueKey, double[]> cuts = new HashMap<>();
        quantiles.forEach((key, q) -> cuts.put(key, Arrays.stream(q).sorted().distinct().toArray()));
        return new ValueBins(true, cuts, codesWithSeveralUnits);
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
            ValueKey key = new ValueKey(codeToken, event.getUnit());
            double[] cuts = cutPoints.get(key);
            if (cuts == null) {
                return null;
            }
            int bin = 1;
            while (bin <= cuts.length && event.getValue() > cuts[bin - 1]) {
                bin++;
            }
            String unit = codesWithSeveralUnits.contains(codeToken) ? "[" + key.unit() + "]" : "";
            return codeToken + unit + "#q" + bin + "/" + (cuts.length + 1);
        }
        return event.getValueCode() == null ? null : codeToken + "=" + event.getValueCode();
    }

    /** As a model version and the cohort keep it: sorted, so that equal bins give equal text. */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("enabled", enabled);
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
            return new ValueBins(true, cuts, units);
        } catch (IOException e) {
            throw new BadInputException(origin + " is not valid JSON: " + e.getMessage());
        }
    }
}
