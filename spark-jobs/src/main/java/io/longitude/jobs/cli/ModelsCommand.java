package io.longitude.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.BadInputException;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.evaluate.EvaluateConfig;
import io.longitude.models.registry.ModelRegistry;
import io.longitude.models.registry.Promotion;
import io.longitude.models.registry.PromotionRefusedException;
import io.longitude.models.registry.VersionSummary;
import io.longitude.warehouse.Warehouse;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** The model registry from the command line; needs no Spark (the registry is on the driver's file system). */
@Command(name = "models",
        description = {"The trained versions of a model for a task: list them, promote one (it then scores), or roll "
                + "back to the version promoted before. Every promotion and rollback is kept with who, when, from, to "
                + "and why (models/<task>/<model>/" + ModelRegistry.PROMOTIONS + ").",
                "Exit codes: 0 ok, 2 bad command line, 3 refused (unknown version, nothing to roll back to, no such model)."})
public final class ModelsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> ACTIONS = List.of("list", "promote", "rollback");

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "list|promote|rollback")
    String action;

    @Option(names = "--task", required = true, paramLabel = "NAME|FILE", description = "The task, or its task file.")
    String task;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "The model's name, e.g. gru.")
    String model;

    @Option(names = "--version", paramLabel = "V", description = "promote: the version to promote, e.g. v20260101T020000Z.")
    String version;

    @Option(names = "--reason", paramLabel = "TEXT", description = "promote, rollback: why (kept in the history).")
    String reason;

    @Option(names = "--by", paramLabel = "NAME", description = "promote, rollback: who (default: the OS user).")
    String by = System.getProperty("user.name");

    @Override
    public Integer call() throws Exception {
        if (!ACTIONS.contains(action)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown action '" + action + "': use "
                    + String.join(", ", ACTIONS));
        }
        if (!action.equals("list") && (reason == null || reason.isBlank())) {
            throw new CommandLine.ParameterException(spec.commandLine(), action + " needs --reason TEXT (kept in the history)");
        }
        if (action.equals("promote") == (version == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), action.equals("promote")
                    ? "promote needs --version V" : "--version is for promote only");
        }
        String name = TaskFiles.warehouseName(task);
        Config config = LongitudeConfigLoader.load(common.config(), common.overrides());
        int minPositivePatients = EvaluateConfig.from(config, common.warehouse(), name, model).settings()
                .minPositivePatients();
        common.requireExistingWarehouse();
        ModelRegistry registry = new Warehouse(common.warehouse()).modelRegistry();
        if (registry.finished(name, model).isEmpty()) {
            throw new BadInputException("no trained version of model '" + model + "' for task '" + name + "' in "
                    + common.warehouse());
        }
        Promotion change;
        try {
            change = switch (action) {
                case "promote" -> registry.promote(name, model, version, by, reason);
                case "rollback" -> registry.rollback(name, model, by, reason);
                default -> null;
            };
        } catch (PromotionRefusedException e) {
            throw new BadInputException(e.getMessage());
        }
        List<VersionSummary> versions = VersionSummary.of(registry, name, model, minPositivePatients);
        List<Promotion> history = registry.promotions(name, model);
        if (change != null) {
            System.out.println(change.text());
        }
        System.out.println("Versions of " + model + " for " + name + ":");
        versions.forEach(v -> System.out.println("  " + v.text()));
        System.out.println("Promotions (oldest first):");
        history.forEach(p -> System.out.println("  " + p.text()));
        SummaryOutput.write(json(name, versions, history, change), common.summary());
        return 0;
    }

    private String json(String name, List<VersionSummary> versions, List<Promotion> history, Promotion change)
            throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", name);
        root.put("model", model);
        root.put("action", action);
        if (change != null) {
            change.writeTo(root.putObject("change"));
        }
        ArrayNode versionArray = root.putArray("versions");
        for (VersionSummary v : versions) {
            ObjectNode node = versionArray.addObject();
            node.put("version", v.version());
            node.put("trainedAt", v.trainedAt() == null ? null : v.trainedAt().toString());
            node.put("promoted", v.promoted());
            node.put("latest", v.latest());
            if (v.validation() != null) {
                v.validation().writeTo(node.putObject("validation"));
            }
        }
        ArrayNode historyArray = root.putArray("promotions");
        history.forEach(p -> p.writeTo(historyArray.addObject()));
        return JSON.writeValueAsString(root);
    }
}
