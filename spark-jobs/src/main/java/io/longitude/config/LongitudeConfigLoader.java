package io.longitude.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the effective configuration: the defaults in {@code conf/longitude.conf} (carried in the job
 * jar), then the user's {@code --config} file, then each {@code --conf key=value} override.
 * A key that the defaults do not know is refused: a typo must not silently fall back to a default.
 */
public final class LongitudeConfigLoader {

    static final String DEFAULTS_RESOURCE = "conf/longitude.conf";

    private LongitudeConfigLoader() {
    }

    public static Config load(Path configFile, List<String> overrides) {
        Config defaults = ConfigFactory.parseResources(LongitudeConfigLoader.class.getClassLoader(),
                DEFAULTS_RESOURCE, ConfigParseOptions.defaults().setAllowMissing(false));
        Config config = defaults;
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new InvalidConfigException("config file " + configFile + " does not exist");
            }
            try {
                Config user = ConfigFactory.parseFile(configFile.toFile(),
                        ConfigParseOptions.defaults().setAllowMissing(false));
                rejectUnknownKeys(user, defaults, "config file " + configFile);
                config = user.withFallback(config);
            } catch (ConfigException.Parse e) {
                throw new InvalidConfigException("config file " + configFile + " is not valid HOCON: " + e.getMessage());
            }
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new InvalidConfigException("--conf expects key=value, got '" + override + "'");
            }
            String key = override.substring(0, eq).trim();
            String value = override.substring(eq + 1).trim();
            if (!defaults.hasPathOrNull(key)) {
                throw new InvalidConfigException("unknown configuration key '" + key + "' in --conf");
            }
            config = config.withValue(key, overrideValue(key, value));
        }
        return config.resolve(ConfigResolveOptions.defaults());
    }

    /**
     * The value of a {@code --conf key=value} (or a task file's {@code task.key=value}) override, read as HOCON
     * so that {@code [a,b]} is a list and {@code 0.1} a number. A bare string is kept exactly as typed, since
     * HOCON would cut it (a URL's {@code //} starts a comment); text that is not HOCON at all is a string too.
     */
    public static ConfigValue overrideValue(String key, String text) {
        ConfigValue typed = ConfigValueFactory.fromAnyRef(text, "--conf " + key);
        try {
            ConfigValue parsed = ConfigFactory.parseString("v = " + text).getValue("v");
            if (parsed.valueType() != ConfigValueType.STRING || text.startsWith("\"")) {
                return parsed.withOrigin(typed.origin());
            }
        } catch (ConfigException e) {
            // Not a HOCON value: the text itself.
        }
        return typed;
    }

    private static void rejectUnknownKeys(Config user, Config defaults, String origin) {
        for (var entry : user.entrySet()) {
            if (!defaults.hasPathOrNull(entry.getKey())) {
                throw new InvalidConfigException("unknown configuration key '" + entry.getKey() + "' in " + origin);
            }
        }
    }
}
