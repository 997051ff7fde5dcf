package io.longitude.cohort.aces;

import io.longitude.config.BadInputException;
import io.longitude.config.InvalidConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads an ACES task config (es-aces 0.7 syntax: {@code predicates}, {@code patient_demographics},
 * {@code trigger}, {@code windows}; {@code description} and {@code metadata} are ignored) and, optionally, a
 * predicates file whose {@code predicates}/{@code patient_demographics} override the task's, as ACES's
 * {@code TaskExtractorConfig.load} does. Every mistake is one {@link InvalidConfigException} line naming the
 * file and the key. A Longitude task also needs one label window and one index timestamp, and passes
 * {@link LeakageGuard}. Predicates are read by {@link AcesPredicateParser}, windows by {@link AcesWindowParser}.
 */
public final class AcesTaskParser {

    private static final Set<String> TASK_KEYS =
            Set.of("description", "metadata", "predicates", "patient_demographics", "trigger", "windows");
    private static final Set<String> PREDICATES_FILE_KEYS =
            Set.of("description", "metadata", "predicates", "patient_demographics");

    private AcesTaskParser() {
    }

    /** Loads a task file, with the predicates of {@code predicatesFile} (may be null) overriding its own. */
    public static AcesTask load(Path taskFile, Path predicatesFile) {
        return parse(taskFile.getFileName().toString(), read(taskFile), predicatesFile == null ? null : read(predicatesFile));
    }

    /** A task or predicates file's text, refused with one line when it cannot be read. */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read task file " + file + ": " + e.getMessage());
        }
    }

    /** Parses task YAML text; {@code predicatesYaml} (may be null) overrides its predicates and demographics. */
    public static AcesTask parse(String source, String taskYaml, String predicatesYaml) {
        AcesYaml yaml = new AcesYaml(source);
        Map<String, Object> task = yaml.document(taskYaml, source);
        yaml.unknownKeys(task, TASK_KEYS, "");
        Map<String, Object> predicateSpecs = new LinkedHashMap<>(yaml.map(task.get("predicates"), "predicates"));
        Map<String, Object> demographicSpecs =
                new LinkedHashMap<>(yaml.map(task.get("patient_demographics"), "patient_demographics"));
        if (predicatesYaml != null) {
            Map<String, Object> file = yaml.document(predicatesYaml, source + " (predicates file)");
            yaml.unknownKeys(file, PREDICATES_FILE_KEYS, "predicates file: ");
            predicateSpecs.putAll(yaml.map(file.get("predicates"), "predicates"));
            demographicSpecs.putAll(yaml.map(file.get("patient_demographics"), "patient_demographics"));
        }
        AcesPredicateParser predicateParser = new AcesPredicateParser(yaml);
        Map<String, AcesPredicate> predicates = new LinkedHashMap<>();
        predicateSpecs.forEach((name, spec) ->
                predicates.put(name, predicateParser.predicate("predicates." + name, name, spec, false)));
        List<String> demographics = new ArrayList<>();
        demographicSpecs.forEach((name, spec) -> {
            predicates.put(name, predicateParser.predicate("patient_demographics." + name, name, spec, true));
            demographics.add(name);
        });
        List<String> derivedOrder = predicateParser.derivedOrder(predicates);

        Object triggerValue = task.get("trigger");
        if (!(triggerValue instanceof String trigger)) {
            throw yaml.error("trigger", "must name a predicate, got " + triggerValue);
        }
        if (!AcesTask.isSpecial(trigger)) {
            yaml.known(predicates, trigger, "trigger");
        }
        AcesWindowParser windowParser = new AcesWindowParser(yaml, predicates);
        Map<String, AcesWindow> windows = new LinkedHashMap<>();
        yaml.map(task.get("windows"), "windows").forEach((name, spec) -> windows.put(name, windowParser.window(name, spec)));
        if (windows.isEmpty()) {
            throw yaml.error("windows", "a task needs at least a label window and an index-timestamp window");
        }
        String labelWindow = single(yaml, windows, w -> w.label() != null, "label");
        String indexWindow = single(yaml, windows, w -> w.indexTimestamp() != null, "index_timestamp");
        List<NodeStep> steps = windowParser.steps(windows);
        AcesTask parsed = new AcesTask(source, predicates, derivedOrder, List.copyOf(demographics), trigger,
                windows, steps, labelWindow, indexWindow);
        LeakageGuard.check(parsed);
        return parsed;
    }

    private static String single(AcesYaml yaml, Map<String, AcesWindow> windows, Predicate<AcesWindow> has, String key) {
        List<String> named = windows.values().stream().filter(has).map(AcesWindow::name).toList();
        if (named.size() != 1) {
            throw yaml.error("windows.*." + key, "exactly one window must carry '" + key + "', found "
                    + (named.isEmpty() ? "none" : named.size() + ": " + String.join(", ", named)));
        }
        return named.get(0);
    }
}
