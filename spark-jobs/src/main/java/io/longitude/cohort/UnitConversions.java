package io.longitude.cohort;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The unit table numeric values are converted with before they are binned: every unit of a family becomes the
 * family's one unit, so that a code recorded in two units of one family gets one set of bins.
 * <table>
 *   <caption>Families</caption>
 *   <tr><th>family</th><th>converted to</th><th>from</th></tr>
 *   <tr><td>mass concentration</td><td>mg/dL</td><td>g/L, g/dL, mg/L, ug/mL, ug/dL, ug/L, ng/mL, ng/dL, pg/mL,
 *   ng/L</td></tr>
 *   <tr><td>molar concentration</td><td>mmol/L</td><td>mol/L, umol/L, nmol/L, pmol/L</td></tr>
 *   <tr><td>mass</td><td>kg</td><td>g, [lb_av], [oz_av]</td></tr>
 *   <tr><td>length</td><td>cm</td><td>m, mm, [in_i], [ft_i]</td></tr>
 *   <tr><td>temperature</td><td>Cel</td><td>[degF], K</td></tr>
 *   <tr><td>cell count</td><td>10*3/uL</td><td>10*9/L, 10*6/uL, 10*12/L, /uL, /mm3</td></tr>
 *   <tr><td>pressure</td><td>mm[Hg]</td><td>kPa</td></tr>
 *   <tr><td>catalytic concentration</td><td>U/L</td><td>[IU]/L</td></tr>
 * </table>
 * Common non-UCUM spellings (mg/dl, lb, lbs, in, degF, °F, °C, mmHg, K/uL, 10^3/uL, IU/L, [iU]/L, mcg/mL, µmol/L,
 * pH, bpm) are read as their UCUM unit. Mass and molar concentrations are different families: converting between
 * them needs the analyte's molar mass, which this table does not hold, so a code seen in mg/dL and in mmol/L keeps one
 * set of bins per unit. A unit the table does not know is kept as written.
 */
public final class UnitConversions {

    /** A value in its family's unit. */
    public record Converted(String unit, double value) {
    }

    /** value in the family's unit = value × factor + offset. */
    private record Conversion(String unit, double factor, double offset) {
    }

    private static final Map<String, Conversion> BY_UNIT = new HashMap<>();
    private static final Map<String, String> SPELLINGS = new HashMap<>();

    static {
        family("mg/dL", Map.of("mg/dL", 1.0, "g/L", 100.0, "g/dL", 1000.0, "mg/L", 0.1, "ug/mL", 0.1,
                "ug/dL", 0.001, "ug/L", 1e-4, "ng/mL", 1e-4, "ng/dL", 1e-6, "pg/mL", 1e-7));
        family("mg/dL", Map.of("ng/L", 1e-7));
        family("mmol/L", Map.of("mmol/L", 1.0, "mol/L", 1000.0, "umol/L", 1e-3, "nmol/L", 1e-6, "pmol/L", 1e-9));
        family("kg", Map.of("kg", 1.0, "g", 1e-3, "[lb_av]", 0.45359237, "[oz_av]", 0.028349523125));
        family("cm", Map.of("cm", 1.0, "m", 100.0, "mm", 0.1, "[in_i]", 2.54, "[ft_i]", 30.48));
        family("10*3/uL", Map.of("10*3/uL", 1.0, "10*9/L", 1.0, "10*6/uL", 1000.0, "10*12/L", 1000.0,
                "/uL", 1e-3, "/mm3", 1e-3));
        family("mm[Hg]", Map.of("mm[Hg]", 1.0, "kPa", 7.500615758));
        family("U/L", Map.of("U/L", 1.0, "[IU]/L", 1.0));
        BY_UNIT.put("Cel", new Conversion("Cel", 1.0, 0.0));
        BY_UNIT.put("[degF]", new Conversion("Cel", 5.0 / 9.0, -32.0 * 5.0 / 9.0));
        BY_UNIT.put("K", new Conversion("Cel", 1.0, -273.15));
        // Matched ignoring case, so no spelling here may differ from another unit by case alone (m vs M, k vs K).
        Map.ofEntries(
                Map.entry("mg/dl", "mg/dL"), Map.entry("g/dl", "g/dL"), Map.entry("mg/l", "mg/L"),
                Map.entry("g/l", "g/L"), Map.entry("ug/ml", "ug/mL"), Map.entry("mcg/ml", "ug/mL"),
                Map.entry("µg/ml", "ug/mL"), Map.entry("ug/dl", "ug/dL"), Map.entry("mcg/dl", "ug/dL"),
                Map.entry("ug/l", "ug/L"), Map.entry("ng/ml", "ng/mL"), Map.entry("ng/dl", "ng/dL"),
                Map.entry("pg/ml", "pg/mL"), Map.entry("ng/l", "ng/L"), Map.entry("ph", "[pH]"),
                Map.entry("mmol/l", "mmol/L"), Map.entry("mol/l", "mol/L"),
                Map.entry("umol/l", "umol/L"), Map.entry("µmol/l", "umol/L"), Map.entry("nmol/l", "nmol/L"),
                Map.entry("pmol/l", "pmol/L"), Map.entry("lb", "[lb_av]"), Map.entry("lbs", "[lb_av]"),
                Map.entry("[lb_av]", "[lb_av]"), Map.entry("oz", "[oz_av]"), Map.entry("[oz_av]", "[oz_av]"),
                Map.entry("in", "[in_i]"), Map.entry("[in_i]", "[in_i]"), Map.entry("[ft_i]", "[ft_i]"),
                Map.entry("ft", "[ft_i]"), Map.entry("[degf]", "[degF]"), Map.entry("degf", "[degF]"),
                Map.entry("°f", "[degF]"), Map.entry("cel", "Cel"), Map.entry("°c", "Cel"), Map.entry("degc", "Cel"),
                Map.entry("mm[hg]", "mm[Hg]"), Map.entry("mmhg", "mm[Hg]"), Map.entry("kpa", "kPa"),
                Map.entry("10*3/ul", "10*3/uL"), Map.entry("10^3/ul", "10*3/uL"), Map.entry("k/ul", "10*3/uL"),
                Map.entry("10*9/l", "10*9/L"), Map.entry("10^9/l", "10*9/L"), Map.entry("10*6/ul", "10*6/uL"),
                Map.entry("10^6/ul", "10*6/uL"), Map.entry("10*12/l", "10*12/L"), Map.entry("10^12/l", "10*12/L"),
                Map.entry("/ul", "/uL"), Map.entry("/mm3", "/mm3"), Map.entry("u/l", "U/L"),
                Map.entry("[iu]/l", "[IU]/L"), Map.entry("iu/l", "[IU]/L"), Map.entry("bpm", "/min"),
                Map.entry("beats/min", "/min"), Map.entry("{beats}/min", "/min"), Map.entry("{breaths}/min", "/min"))
                .forEach(SPELLINGS::put);
    }

    private UnitConversions() {
    }

    private static void family(String unit, Map<String, Double> factors) {
        factors.forEach((from, factor) -> BY_UNIT.put(from, new Conversion(unit, factor, 0.0)));
    }

    /** The UCUM spelling of a unit the table knows a spelling of; otherwise the unit as written ("" for none). */
    public static String ucum(String unit) {
        if (unit == null) {
            return "";
        }
        String trimmed = unit.trim();
        if (BY_UNIT.containsKey(trimmed)) {
            return trimmed;
        }
        return SPELLINGS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
    }

    /** The value in its family's unit; a unit the table does not know keeps the value, in its UCUM spelling. */
    public static Converted convert(String unit, double value) {
        String ucum = ucum(unit);
        Conversion c = BY_UNIT.get(ucum);
        return c == null ? new Converted(ucum, value) : new Converted(c.unit(), value * c.factor() + c.offset());
    }
}
