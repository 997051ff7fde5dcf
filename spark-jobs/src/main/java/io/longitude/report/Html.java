package io.longitude.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The few HTML pieces every report section writes: escaped text, numbers, inlined images, curve points. */
public final class Html {

    private Html() {
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A metric value with three decimals; "n/a" for a metric that does not exist on the data. */
    public static String number(JsonNode value) {
        return value == null || value.isNull() ? "n/a" : String.format(Locale.ROOT, "%.3f", value.asDouble());
    }

    /**
     * A table cell showing the number at {@code pointer} (a JSON pointer) in {@code model}'s entry of metrics.json,
     * marked {@code data-json="<model><pointer>"} so that tools and tests can read it back.
     */
    static String valueCell(JsonNode model, String pointer) {
        return "<td data-json=\"" + esc(model.get("model").asText() + pointer) + "\">" + number(model.at(pointer))
                + "</td>";
    }

    /** "cannot be judged on this data" in a note cell when {@code node} says so, else an empty note cell. */
    static String judgeableCell(JsonNode node) {
        return node.get("judgeable").asBoolean() ? "<td class=\"l\"></td>"
                : "<td class=\"l warn\">cannot be judged on this data</td>";
    }

    public static String img(String dataUri, String alt) {
        return "<p><img src=\"" + dataUri + "\" alt=\"" + esc(alt) + "\"></p>\n";
    }

    /** [[x, y], …] as stored in metrics.json. */
    static List<double[]> points(JsonNode array) {
        List<double[]> out = new ArrayList<>();
        for (JsonNode p : array) {
            out.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()});
        }
        return out;
    }
}
