package io.longitude.meds;

import io.longitude.fhir.EventKind;

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
 *
 * <p>The reverse, for {@code ingest --input-format meds}: {@link #roleOf} says what a row is, {@link #eventCodingOf}
 * and {@link #tokenOf} give a code's coding back. A code this class does not write (foreign MEDS data:
 * {@code LAB//50912//mg/dL}, {@code DIAGNOSIS//ICD//10//I10}) is kept whole as the code of the system
 * {@link #MEDS_CODE_SYSTEM}, which the forward mapping writes back unchanged.
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
    /** The system of a code from MEDS data that names no system Longitude knows: the code is the whole MEDS code. */
    public static final String MEDS_CODE_SYSTEM = "urn:longitude:meds-code";
    private static final List<String> CODED_FAMILIES = List.of(ENCOUNTER_TYPE, ENCOUNTER_REASON, DISCHARGE_DISPOSITION);

    private MedsCodes() {
    }

    /** The MEDS code of a coding. */
    public static String coding(String system, String code) {
        if (MEDS_CODE_SYSTEM.equals(system)) {
            return code;
        }
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

    /** What a row with this code says; {@link MedsCodeRole#CLINICAL} for every code that is not Longitude's own. */
    public static MedsCodeRole roleOf(String medsCode) {
        if (medsCode.equals(BIRTH)) {
            return MedsCodeRole.BIRTH;
        }
        if (medsCode.equals(DEATH)) {
            return MedsCodeRole.DEATH;
        }
        String[] parts = medsCode.split(SEPARATOR, -1);
        if (parts.length == 2 && parts[0].equals(GENDER) && !parts[1].isEmpty()) {
            return MedsCodeRole.GENDER;
        }
        if (parts.length == 3 && parts[0].equals(ENCOUNTER) && !parts[1].isEmpty()) {
            if (parts[2].equals(START)) {
                return MedsCodeRole.ENCOUNTER_START;
            }
            if (parts[2].equals(END)) {
                return MedsCodeRole.ENCOUNTER_END;
            }
        }
        if (parts.length >= 2) {
            switch (parts[0]) {
                case ENCOUNTER_TYPE -> {
                    return MedsCodeRole.ENCOUNTER_TYPE;
                }
                case ENCOUNTER_REASON -> {
                    return MedsCodeRole.ENCOUNTER_REASON;
                }
                case DISCHARGE_DISPOSITION -> {
                    return MedsCodeRole.DISCHARGE_DISPOSITION;
                }
                default -> {
                }
            }
        }
        return MedsCodeRole.CLINICAL;
    }

    /** The administrative gender of a {@code GENDER//<code>} code. */
    public static String genderOf(String medsCode) {
        return medsCode.substring(GENDER.length() + SEPARATOR.length());
    }

    /** The class of an {@code ENCOUNTER//<class>//START|END} code; null for {@code UNKNOWN}. */
    public static String encounterClassOf(String medsCode) {
        String classCode = medsCode.split(SEPARATOR, -1)[1];
        return classCode.equals(UNKNOWN_CLASS) ? null : classCode;
    }

    /**
     * The coding of a clinical event's code, the reverse of {@link #event}: a code of no known form keeps the
     * whole code under {@link #MEDS_CODE_SYSTEM}; {@code <KIND>//UNCODED} has neither system nor code.
     */
    public static MedsCoding eventCodingOf(String medsCode) {
        if (uncodedKindOf(medsCode) != null) {
            return new MedsCoding(null, null);
        }
        return codingOf(medsCode).orElseGet(() -> new MedsCoding(MEDS_CODE_SYSTEM, medsCode));
    }

    /**
     * Longitude's {@code system|code} token of a MEDS code: of an encounter type, reason or disposition (without
     * its family) or of a coded value in {@code text_value}; the reverse of {@link #token}.
     */
    public static String tokenOf(String medsCode) {
        MedsCoding coding = eventCodingOf(withoutCodedFamily(medsCode));
        return (coding.system() == null ? "" : coding.system()) + "|" + coding.code();
    }

    /**
     * The event kind ({@code io.longitude.fhir.EventKind} label) of a clinical code read from MEDS, which does not
     * say which resource an event came from: the kind an uncoded event names, else its vocabulary's
     * ({@link MedsVocabulary#importedKind()}), else from the first part of a foreign code ({@code DIAGNOSIS},
     * {@code PROCEDURE}, {@code MEDICATION}, {@code IMMUNIZATION}), else an observation.
     */
    public static String kindOf(String medsCode) {
        String uncoded = uncodedKindOf(medsCode);
        if (uncoded != null) {
            return uncoded;
        }
        MedsCoding coding = eventCodingOf(medsCode);
        Optional<MedsVocabulary> vocabulary = MedsVocabulary.ofSystem(coding.system());
        if (vocabulary.isPresent()) {
            return vocabulary.get().importedKind().label();
        }
        String first = medsCode.split(SEPARATOR, -1)[0].toUpperCase(Locale.ROOT);
        EventKind kind = switch (first) {
            case "DIAGNOSIS", "CONDITION" -> EventKind.CONDITION;
            case "PROCEDURE" -> EventKind.PROCEDURE;
            case "MEDICATION", "MEDICATION_REQUEST", "PRESCRIPTION" -> EventKind.MEDICATION_REQUEST;
            case "IMMUNIZATION" -> EventKind.IMMUNIZATION;
            default -> EventKind.OBSERVATION;
        };
        return kind.label();
    }

    /** A code without its encounter type, reason or disposition family prefix, if it has one. */
    private static String withoutCodedFamily(String medsCode) {
        for (String family : CODED_FAMILIES) {
            if (medsCode.startsWith(family + SEPARATOR)) {
                return medsCode.substring(family.length() + SEPARATOR.length());
            }
        }
        return medsCode;
    }

    /** The kind label of a {@code <KIND>//UNCODED} code ({@code medication_request}); null for any other code. */
    private static String uncodedKindOf(String medsCode) {
        String suffix = SEPARATOR + UNCODED;
        if (!medsCode.endsWith(suffix) || medsCode.length() == suffix.length()) {
            return null;
        }
        String kind = medsCode.substring(0, medsCode.length() - suffix.length());
        return kind.contains(SEPARATOR) ? null : kind.toLowerCase(Locale.ROOT);
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
     * The coding whose display describes a code in codes.parquet: a clinical event's (a foreign code's under
     * {@link #MEDS_CODE_SYSTEM}), an encounter type's, reason's or disposition's; empty for the codes Longitude
     * describes itself ({@link #description}) and for an uncoded event.
     */
    public static Optional<MedsCoding> describedCodingOf(String medsCode) {
        MedsCodeRole role = roleOf(medsCode);
        if (role != MedsCodeRole.CLINICAL && role != MedsCodeRole.ENCOUNTER_TYPE && role != MedsCodeRole.ENCOUNTER_REASON
                && role != MedsCodeRole.DISCHARGE_DISPOSITION) {
            return Optional.empty();
        }
        MedsCoding coding = eventCodingOf(withoutCodedFamily(medsCode));
        return coding.code() == null ? Optional.empty() : Optional.of(coding);
    }

    /**
     * codes.parquet's {@code description} of the codes Longitude defines; null for codings, described by their
     * FHIR display instead (the warehouse's {@code codes} table, {@link #describedCodingOf}).
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
