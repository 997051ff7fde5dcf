package io.longitude.meds;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The MEDS code strings Longitude writes, and how to read a coding back out of one (README, "MEDS"):
 * <ul>
 *   <li>{@code MEDS_BIRTH}, {@code MEDS_DEATH} (the standard's own), {@code GENDER//<Patient.gender>};</li>
 *   <li>{@code ENCOUNTER//<class>//START} and {@code …//END} ({@code UNKNOWN} when the encounter has no class),
 *       {@code ENCOUNTER_TYPE//<coding>}, {@code ENCOUNTER_REASON//<coding>},
 *       {@code DISCHARGE_DISPOSITION//<coding>};</li>
 *   <li>a clinical event: its coding, {@code <KIND>//UNCODED} when it has none (an unresolved medication).</li>
 * </ul>
 * A coding is {@code <prefix>//<code>} for a {@link MedsVocabulary} system and {@code OTHER//<system>|<code>}
 * for any other ({@code OTHER//|<code>} without a system): Longitude's {@code system|code} token, which a
 * system URI cannot break since it holds no {@code |}.
 */
public final class MedsCodes {

    public static final String BIRTH = "MEDS_BIRTH";
    public static final String DEATH = "MEDS_DEATH";
    public static final String SEPARATOR = "//";
    public static final String GENDER = "GENDER";
    public static final String ENCOUNTER = "ENCOUNTER";
    public static final String START = "START";
    public static final String END = "END";
    public static final String ENCOUNTER_TYPE = "ENCOUNTER_TYPE";
    public static final String ENCOUNTER_REASON = "ENCOUNTER_REASON";
    public static final String DISCHARGE_DISPOSITION = "DISCHARGE_DISPOSITION";
    public static final String OTHER = "OTHER";
    public static final String UNCODED = "UNCODED";
    static final String UNKNOWN_CLASS = "UNKNOWN";
    private static final List<String> CODED_FAMILIES = List.of(ENCOUNTER_TYPE, ENCOUNTER_REASON, DISCHARGE_DISPOSITION);

    private MedsCodes() {
    }

    /** The MEDS code of a coding. */
    public static String coding(String system, String code) {
        return MedsVocabulary.ofSystem(system)
                .map(v -> v.prefix() + SEPARATOR + code)
                .orElseGet(() -> OTHER + SEPARATOR + (system == null ? "" : system) + "|" + code);
    }

    /** The MEDS code of a Longitude {@code system|code} token ({@code |code} without a system). */
    public static String token(String token) {
        int bar = token.indexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("a coding token is system|code, got '" + token + "'");
        }
        return coding(bar == 0 ? null : token.substring(0, bar), token.substring(bar + 1));
    }

    /** A clinical event's code; {@code kind} names it when the event has no code. */
    public static String event(String kind, String system, String code) {
        if (code == null) {
            return (kind == null ? "EVENT" : kind.toUpperCase(Locale.ROOT)) + SEPARATOR + UNCODED;
        }
        return coding(system, code);
    }

    public static String gender(String gender) {
        return GENDER + SEPARATOR + gender;
    }

    public static String encounterStart(String classCode) {
        return encounter(classCode, START);
    }

    public static String encounterEnd(String classCode) {
        return encounter(classCode, END);
    }

    private static String encounter(String classCode, String boundary) {
        return ENCOUNTER + SEPARATOR + (classCode == null ? UNKNOWN_CLASS : classCode) + SEPARATOR + boundary;
    }

    public static String encounterType(String token) {
        return ENCOUNTER_TYPE + SEPARATOR + token(token);
    }

    public static String encounterReason(String token) {
        return ENCOUNTER_REASON + SEPARATOR + token(token);
    }

    public static String dischargeDisposition(String token) {
        return DISCHARGE_DISPOSITION + SEPARATOR + token(token);
    }

    /**
     * What a code counts under in summaries: its vocabulary prefix or Longitude family ({@code SNOMED},
     * {@code OTHER}, {@code ENCOUNTER_TYPE}, {@code MEDS_BIRTH}, …), encounter starts and ends apart
     * ({@code ENCOUNTER//START}, {@code ENCOUNTER//END}).
     */
    public static String family(String medsCode) {
        int separator = medsCode.indexOf(SEPARATOR);
        if (separator < 0) {
            return medsCode;
        }
        String first = medsCode.substring(0, separator);
        if (first.equals(ENCOUNTER)) {
            return ENCOUNTER + SEPARATOR + medsCode.substring(medsCode.lastIndexOf(SEPARATOR) + SEPARATOR.length());
        }
        return first;
    }

    /**
     * The coding a code carries: a clinical event's, or an encounter type's, reason's or disposition's;
     * empty for Longitude's other codes and for codes this class does not write.
     */
    public static Optional<MedsCoding> codingOf(String medsCode) {
        String rest = medsCode;
        for (String family : CODED_FAMILIES) {
            if (rest.startsWith(family + SEPARATOR)) {
                rest = rest.substring(family.length() + SEPARATOR.length());
                break;
            }
        }
        int separator = rest.indexOf(SEPARATOR);
        if (separator < 0) {
            return Optional.empty();
        }
        String prefix = rest.substring(0, separator);
        String code = rest.substring(separator + SEPARATOR.length());
        if (prefix.equals(OTHER)) {
            int bar = code.indexOf('|');
            return bar < 0 ? Optional.empty()
                    : Optional.of(new MedsCoding(bar == 0 ? null : code.substring(0, bar), code.substring(bar + 1)));
        }
        return MedsVocabulary.ofPrefix(prefix).map(v -> new MedsCoding(v.system(), code));
    }

    /**
     * codes.parquet's {@code parent_codes}: the OMOP concept ({@code <vocabulary_id>/<concept_code>}) of a code
     * whose coding is in an OMOP vocabulary, as MEDS ETLs link codes to OMOP; null otherwise.
     */
    public static List<String> parentCodes(String medsCode) {
        return codingOf(medsCode)
                .flatMap(c -> MedsVocabulary.ofSystem(c.system()).filter(MedsVocabulary::isOmopVocabulary)
                        .map(v -> List.of(v.prefix() + "/" + c.code())))
                .orElse(null);
    }

    /**
     * codes.parquet's {@code description} of the codes Longitude defines; null for codings, whose FHIR display
     * the warehouse does not keep.
     */
    public static String description(String medsCode) {
        if (medsCode.equals(BIRTH)) {
            return "Birth (Patient.birthDate; a partial date is its first day, UTC)";
        }
        if (medsCode.equals(DEATH)) {
            return "Death (Patient.deceased[x]; no time when the record only says the patient died)";
        }
        String[] parts = medsCode.split(SEPARATOR, -1);
        if (parts.length == 2 && parts[0].equals(GENDER)) {
            return "Administrative gender '" + parts[1] + "' (Patient.gender)";
        }
        if (parts.length == 3 && parts[0].equals(ENCOUNTER) && (parts[2].equals(START) || parts[2].equals(END))) {
            String what = parts[2].equals(START) ? "Start" : "End";
            return what + " of an encounter of class " + parts[1] + " (Encounter.period." + parts[2].toLowerCase(Locale.ROOT)
                    + ")";
        }
        if (parts.length == 2 && parts[1].equals(UNCODED)) {
            return "A " + parts[0].toLowerCase(Locale.ROOT) + " event without a code (e.g. a medication reference "
                    + "that could not be resolved)";
        }
        return null;
    }
}
