package io.longitude.cohort;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.longitude.cohort.aces.AcesTask;
import io.longitude.cohort.aces.AcesTaskParser;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import io.longitude.config.InvalidConfigException;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One prediction task as defined by a task file ({@code conf/tasks/<name>.conf}, block {@code task}):
 * the shared stay definitions, the task's own windows, features and split. Immutable and validated;
 * a key the task's kind does not know is refused.
 */
public final class TaskConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The block of a definition that carries an {@code aces} task's YAML texts. */
    static final String STORED_ACES = "stored-aces-config";

    private static final List<String> SHARED_KEYS = List.of("name", "kind", "inpatient-classes", "excluded-statuses",
            "transfer-gap-hours", "expired-dispositions", "death-window-hours", "adult-age",
            "planned-procedure-codes", "data-end", "features.vocabulary-min-count", "features.max-visits",
            "features.values.enabled", "features.values.bins", "features.values.numeric-codes",
            "features.values.last-values",
            "split.train", "split.validation", "split.test", "split.salt", "split.temporal.enabled",
            "split.temporal.train-before", "split.temporal.test-from");

    private final String name;
    private final TaskKind kind;
    private final int windowDays;
    private final boolean unplannedOnly;
    private final int offsetHours;
    private final int topK;
    /** The code system of the outcome concept an ACES task names itself: the code is the task's name. */
    public static final String TASK_OUTCOME_SYSTEM = "urn:longitude:task";

    private final OutcomeCode outcome;
    private final HashSet<String> inpatientClasses;
    private final HashSet<String> excludedStatuses;
    private final int transferGapHours;
    private final HashSet<String> expiredDispositions;
    private final int deathWindowHours;
    private final int adultAge;
    private final HashSet<String> plannedProcedureCodes;
    private final Instant dataEnd;
    private final int vocabularyMinCount;
    private final int maxVisits;
    private final boolean valuesEnabled;
    private final int valueBins;
    private final int numericValueCodes;
    private final int lastValueCodes;
    private final double trainFraction;
    private final double validationFraction;
    private final String splitSalt;
    private final Instant temporalTrainBefore;
    private final Instant temporalTestFrom;
    private final AcesTask acesTask;
    private final String definition;

    private TaskConfig(Config file) {
        Config task = file.getConfig("task");
        name = task.getString("name");
        if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new InvalidConfigException("task.name must be lowercase letters, digits, '.', '_' or '-', got '"
                    + name + "'");
        }
        kind = TaskKind.of(task.getString("kind"));
        rejectUnknownKeys(task);
        windowDays = kind == TaskKind.READMISSION ? positive(task, "window-days") : 0;
        unplannedOnly = kind == TaskKind.READMISSION && task.getBoolean("unplanned-only");
        offsetHours = kind == TaskKind.MORTALITY ? atLeastZero(task, "offset-hours") : 0;
        topK = kind == TaskKind.NEXT_VISIT_DX ? positive(task, "top-k") : 0;
        String[] aces = kind == TaskKind.ACES ? acesTexts(task, file) : null;
        acesTask = aces == null ? null : AcesTaskParser.parse(
                Path.of(task.getString("aces.task-file").trim()).getFileName().toString(), aces[0],
                aces[1].isEmpty() ? null : aces[1]);
        definition = definition(file, aces);
        outcome = kind.binary() ? outcome(task) : null;
        inpatientClasses = new HashSet<>(task.getStringList("inpatient-classes"));
        if (inpatientClasses.isEmpty()) {
            throw new InvalidConfigException("task.inpatient-classes must not be empty");
        }
        excludedStatuses = new HashSet<>(task.getStringList("excluded-statuses"));
        transferGapHours = atLeastZero(task, "transfer-gap-hours");
        expiredDispositions = new HashSet<>(task.getStringList("expired-dispositions"));
        deathWindowHours = atLeastZero(task, "death-window-hours");
        adultAge = atLeastZero(task, "adult-age");
        plannedProcedureCodes = new HashSet<>(task.getStringList("planned-procedure-codes"));
        for (String code : plannedProcedureCodes) {
            if (code.indexOf('|') <= 0 || code.endsWith("|")) {
                throw new InvalidConfigException("task.planned-procedure-codes entries are system|code, got '"
                        + code + "'");
            }
        }
        dataEnd = optionalInstant(task, "data-end");
        vocabularyMinCount = positive(task, "features.vocabulary-min-count");
        maxVisits = positive(task, "features.max-visits");
        valuesEnabled = task.getBoolean("features.values.enabled");
        valueBins = positive(task, "features.values.bins");
        if (valueBins < 2) {
            throw new InvalidConfigException("task.features.values.bins must be at least 2, got " + valueBins);
        }
        numericValueCodes = positive(task, "features.values.numeric-codes");
        lastValueCodes = atLeastZero(task, "features.values.last-values");
        if (lastValueCodes > numericValueCodes) {
            throw new InvalidConfigException("task.features.values.last-values (" + lastValueCodes
                    + ") must not exceed numeric-codes (" + numericValueCodes + ")");
        }
        trainFraction = task.getDouble("split.train");
        validationFraction = task.getDouble("split.validation");
        double test = task.getDouble("split.test");
        if (trainFraction <= 0 || validationFraction < 0 || test < 0
                || Math.abs(trainFraction + validationFraction + test - 1.0) > 1e-9) {
            throw new InvalidConfigException("task.split.train/validation/test must be ≥ 0 (train > 0) and sum to 1, "
                    + "got "
                    + trainFraction + "/" + validationFraction + "/" + test);
        }
        splitSalt = task.getString("split.salt");
        if (task.getBoolean("split.temporal.enabled") && kind == TaskKind.ACES) {
            throw new InvalidConfigException("task.split.temporal.enabled: an aces task reads each patient's MEDS "
                    + "timeline, which puts a subject in one split; use the hash split");
        }
        if (task.getBoolean("split.temporal.enabled")) {
            temporalTrainBefore = optionalInstant(task, "split.temporal.train-before");
            temporalTestFrom = optionalInstant(task, "split.temporal.test-from");
            if (temporalTrainBefore == null || temporalTestFrom == null
                    || temporalTestFrom.isBefore(temporalTrainBefore)) {
                throw new InvalidConfigException(
                        "task.split.temporal needs train-before ≤ test-from (ISO-8601 instants)");
            }
        } else {
            temporalTrainBefore = null;
            temporalTestFrom = null;
        }
    }

    /** Reads the {@code task} block of a parsed task file. */
    public static TaskConfig from(Config file) {
        try {
            if (!file.hasPath("task")) {
                throw new InvalidConfigException("a task file needs a 'task { … }' block");
            }
            return new TaskConfig(file);
        } catch (ConfigException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    /**
     * A task as {@link #definition()} wrote it. A definition kept before values were features (a model version
     * trained then) reads as values off, and one kept before last values were features as {@code last-values = 0}:
     * how that version was trained.
     */
    public static TaskConfig fromDefinition(String definition) {
        return from(ConfigFactory.parseString(definition).withFallback(ConfigFactory.parseString(
                "task.features.values { enabled = false, bins = 5, numeric-codes = 1, last-values = 0 }")));
    }

    /**
     * The whole task block, resolved, as a parseable document ({@link #fromDefinition}); an {@code aces} task's
     * carries its YAML config and predicates file as read (block {@value #STORED_ACES}), so that a model version
     * holding it scores without the files it was built from.
     */
    public String definition() {
        return definition;
    }

    private void rejectUnknownKeys(Config task) {
        List<String> known = new ArrayList<>(SHARED_KEYS);
        known.addAll(kind.ownKeys());
        for (var entry : task.entrySet()) {
            if (!known.contains(entry.getKey())) {
                throw new InvalidConfigException("unknown key 'task." + entry.getKey() + "' for a task of kind "
                        + kind.label());
            }
        }
        for (String key : known) {
            if (!task.hasPath(key)) {
                throw new InvalidConfigException("task file lacks 'task." + key + "'");
            }
        }
    }

    private static int positive(Config task, String key) {
        int value = task.getInt(key);
        if (value <= 0) {
            throw new InvalidConfigException("task." + key + " must be positive, got " + value);
        }
        return value;
    }

    private static int atLeastZero(Config task, String key) {
        int value = task.getInt(key);
        if (value < 0) {
            throw new InvalidConfigException("task." + key + " must be ≥ 0, got " + value);
        }
        return value;
    }

    /** An {@code aces} task's YAML config and predicates file (empty: none): stored in the definition, else read. */
    private static String[] acesTexts(Config task, Config file) {
        if (file.hasPath(STORED_ACES)) {
            return new String[]{file.getString(STORED_ACES + ".task"), file.getString(STORED_ACES + ".predicates")};
        }
        String taskFile = task.getString("aces.task-file").trim();
        String predicatesFile = task.getString("aces.predicates-file").trim();
        if (taskFile.isEmpty() || !Files.isRegularFile(Path.of(taskFile))) {
            throw new InvalidConfigException("task.aces.task-file must name an ACES task config (YAML), got '"
                    + taskFile + "'");
        }
        if (!predicatesFile.isEmpty() && !Files.isRegularFile(Path.of(predicatesFile))) {
            throw new InvalidConfigException("task.aces.predicates-file names no file: '" + predicatesFile + "'");
        }
        return new String[]{AcesTaskParser.read(Path.of(taskFile)),
                predicatesFile.isEmpty() ? "" : AcesTaskParser.read(Path.of(predicatesFile))};
    }

    private static String definition(Config file, String[] aces) {
        Config definition = file.withOnlyPath("task");
        if (aces != null) {
            definition = definition
                    .withValue(STORED_ACES + ".task", ConfigValueFactory.fromAnyRef(aces[0]))
                    .withValue(STORED_ACES + ".predicates", ConfigValueFactory.fromAnyRef(aces[1]));
        }
        return definition.root().render(ConfigRenderOptions.concise());
    }

    private static Instant optionalInstant(Config task, String key) {
        String text = task.getString(key).trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidConfigException("task." + key + " must be an ISO-8601 instant such as "
                    + "2020-01-01T00:00:00Z, got '" + text + "'");
        }
    }

    public String name() {
        return name;
    }

    public TaskKind kind() {
        return kind;
    }

    public int windowDays() {
        return windowDays;
    }

    public boolean unplannedOnly() {
        return unplannedOnly;
    }

    public int offsetHours() {
        return offsetHours;
    }

    /** The parsed ACES task config of an {@code aces} task; null for the other kinds. */
    public AcesTask acesTask() {
        return acesTask;
    }

    public int topK() {
        return topK;
    }

    /**
     * The configured outcome concept; for an ACES task without one, the task's own ({@link #TASK_OUTCOME_SYSTEM},
     * its name), because the YAML says nothing a terminology could name.
     */
    private OutcomeCode outcome(Config task) {
        String code = task.getString("outcome.code").trim();
        if (code.isEmpty() && kind == TaskKind.ACES) {
            return new OutcomeCode(TASK_OUTCOME_SYSTEM, name, "Outcome of task " + name);
        }
        if (code.isEmpty() || task.getString("outcome.system").isBlank()) {
            throw new InvalidConfigException("task.outcome needs a system and a code");
        }
        return new OutcomeCode(task.getString("outcome.system"), code, task.getString("outcome.display"));
    }

    /** What a binary task predicts, as a coded concept (RiskAssessment.prediction.outcome); null for next-visit-dx. */
    public OutcomeCode outcome() {
        return outcome;
    }

    public boolean isInpatientClass(String classCode) {
        return classCode != null && inpatientClasses.contains(classCode);
    }

    public boolean isExcludedStatus(String status) {
        return status != null && excludedStatuses.contains(status);
    }

    public Duration transferGap() {
        return Duration.ofHours(transferGapHours);
    }

    /** A {@code system|code} disposition whose code means the patient died. */
    public boolean isExpiredDisposition(String disposition) {
        if (disposition == null) {
            return false;
        }
        return expiredDispositions.contains(disposition.substring(disposition.lastIndexOf('|') + 1));
    }

    public Duration deathWindow() {
        return Duration.ofHours(deathWindowHours);
    }

    public int adultAge() {
        return adultAge;
    }

    public boolean isPlannedProcedure(String token) {
        return plannedProcedureCodes.contains(token);
    }

    /** The configured data end, or null when the job derives it from the warehouse. */
    public Instant dataEnd() {
        return dataEnd;
    }

    public int vocabularyMinCount() {
        return vocabularyMinCount;
    }

    public int maxVisits() {
        return maxVisits;
    }

    /** Whether observation values become tokens ({@link ValueBins}). */
    public boolean valuesEnabled() {
        return valuesEnabled;
    }

    /** Quantile bins per (code, unit) of numeric values. */
    public int valueBins() {
        return valueBins;
    }

    /** How many (code, unit) pairs of numeric values are binned: the most frequent in the training split. */
    public int numericValueCodes() {
        return numericValueCodes;
    }

    /**
     * How many of the most frequent binned (code, unit) pairs also give each visit their last value as a numeric
     * feature (0: none).
     */
    public int lastValueCodes() {
        return lastValueCodes;
    }

    public double trainFraction() {
        return trainFraction;
    }

    public double validationFraction() {
        return validationFraction;
    }

    public String splitSalt() {
        return splitSalt;
    }

    public boolean temporalSplit() {
        return temporalTrainBefore != null;
    }

    public Instant temporalTrainBefore() {
        return temporalTrainBefore;
    }

    public Instant temporalTestFrom() {
        return temporalTestFrom;
    }
}
