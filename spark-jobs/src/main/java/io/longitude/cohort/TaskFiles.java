package io.longitude.cohort;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import io.longitude.config.InvalidConfigException;
import io.longitude.config.LongitudeConfigLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Finds and reads task files. {@code --task NAME} means {@code conf/tasks/NAME.conf} as carried in the job
 * jar; anything that names an existing file (or ends in {@code .conf}) is read from disk; a {@code .yaml} file
 * is an ACES task config. Overrides
 * {@code task.KEY=VALUE} must name a key the task file has, so a typo fails instead of being ignored;
 * values are read as HOCON ({@code task.inpatient-classes=[IMP]} is a list).
 */
public final class TaskFiles {

    static final String OVERRIDE_PREFIX = "task.";
    private static final String RESOURCE_DIR = "conf/tasks/";
    private static final String ACES_TASK_TEMPLATE = RESOURCE_DIR + "aces/task.conf";

    private TaskFiles() {
    }

    public static TaskConfig load(String task, List<String> overrides) {
        Config config = read(task);
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0 || !override.startsWith(OVERRIDE_PREFIX)) {
                throw new InvalidConfigException("a task override is task.KEY=VALUE, got '" + override + "'");
            }
            String key = override.substring(0, eq).trim();
            if (!config.hasPathOrNull(key)) {
                throw new InvalidConfigException("unknown configuration key '" + key + "' for task " + task);
            }
            config = config.withValue(key, LongitudeConfigLoader.overrideValue(key, override.substring(eq + 1).trim()));
        }
        return TaskConfig.from(config.resolve());
    }

    /** The name the warehouse knows a {@code --task} by: the {@code task.name} inside a task file, else the argument. */
    public static String warehouseName(String task) {
        if (task != null && isAcesTask(task)) {
            return acesTaskName(Path.of(task));
        }
        return task != null && Files.isRegularFile(Path.of(task)) ? load(task, List.of()).name() : task;
    }

    /** The {@code --conf} overrides meant for the task file ({@code task.…}). */
    public static List<String> taskOverrides(List<String> overrides) {
        return overrides.stream().filter(o -> o.startsWith(OVERRIDE_PREFIX)).toList();
    }

    /** The {@code --conf} overrides meant for {@code longitude.conf}. */
    public static List<String> otherOverrides(List<String> overrides) {
        return overrides.stream().filter(o -> !o.startsWith(OVERRIDE_PREFIX)).toList();
    }

    /**
     * An ACES task config given as {@code --task}: Longitude's side from {@code conf/tasks/aces/task.conf}, the
     * task named after the file ({@code long-stay.yaml} is {@code long-stay}).
     */
    private static Config acesTask(Path yaml) {
        if (!Files.isRegularFile(yaml)) {
            throw new InvalidConfigException("task file " + yaml + " does not exist");
        }
        return ConfigFactory.parseResources(TaskFiles.class.getClassLoader(), ACES_TASK_TEMPLATE,
                        ConfigParseOptions.defaults().setAllowMissing(false))
                .withValue("task.name", ConfigValueFactory.fromAnyRef(acesTaskName(yaml)))
                .withValue("task.aces.task-file", ConfigValueFactory.fromAnyRef(yaml.toAbsolutePath().toString()));
    }

    private static boolean isAcesTask(String task) {
        return task.endsWith(".yaml") || task.endsWith(".yml");
    }

    private static String acesTaskName(Path yaml) {
        String fileName = yaml.getFileName().toString();
        return fileName.substring(0, fileName.lastIndexOf('.')).toLowerCase(Locale.ROOT);
    }

    private static Config read(String task) {
        if (task == null || task.isBlank()) {
            throw new InvalidConfigException("--task needs a task name or a task file");
        }
        Path file = Path.of(task);
        try {
            if (isAcesTask(task)) {
                return acesTask(file);
            }
            if (Files.isRegularFile(file)) {
                return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            }
            if (task.endsWith(".conf") || task.contains("/")) {
                throw new InvalidConfigException("task file " + task + " does not exist");
            }
            if (!task.matches("[A-Za-z0-9._-]+")) {
                throw new InvalidConfigException("task name '" + task + "' is not a file and not a plain name");
            }
            Config config = ConfigFactory.parseResources(TaskFiles.class.getClassLoader(),
                    RESOURCE_DIR + task + ".conf",
                    ConfigParseOptions.defaults().setAllowMissing(true));
            if (config.isEmpty()) {
                throw new InvalidConfigException("no task named '" + task + "' (looked for " + RESOURCE_DIR + task
                        + ".conf in the job jar)");
            }
            return config;
        } catch (ConfigException.Parse e) {
            throw new InvalidConfigException("task file for '" + task + "' is not valid HOCON: " + e.getMessage());
        }
    }
}
