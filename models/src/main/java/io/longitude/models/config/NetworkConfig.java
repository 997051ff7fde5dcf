package io.longitude.models.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.longitude.models.data.LabelLayout;
import java.io.InputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A network and its training hyper-parameters, read from a HOCON network definition
 * ({@code conf/networks/*.conf}) and validated; shared by the local trainer and the Spark trainer.
 * Keys not given take the defaults below; unknown keys are rejected so a typo cannot silently fall
 * back to a default.
 *
 * <pre>
 * name = gru                 # label used in logs and the model registry
 * task = binary              # binary | next-visit
 * type = gru                 # rnn | lstm | gru
 * bidirectional = false
 * layers = 1                 # stacked recurrent layers
 * hidden-size = 64           # per direction
 * embedding-size = 64        # learned per-step projection of the input (0 = none)
 * head = last                # last | mean | per-step
 * dropout = 0.0              # drop probability on each recurrent and the output layer's input
 * l2 = 0.0
 * gradient-clip = 1.0        # element-wise absolute-value clipping threshold (0 = none)
 * learning-rate = 0.001      # Adam
 * batch-size = 64
 * epochs = 20                # maximum; early stopping may end sooner
 * early-stopping-patience = 3
 * recall-k = 20              # k of recall@k, the next-visit validation metric
 * tbptt-length = 0           # truncated BPTT segment length (0 = full BPTT; needs head = per-step)
 * max-visits = 0             # keep only the most recent N visits (0 = all)
 * bucket-by-length = true
 * seed = 42
 * </pre>
 */
public final class NetworkConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Classpath folder holding the bundled network definitions (copied from {@code conf/networks}). */
    public static final String BUNDLED_DIR = "longitude/networks/";
    /** How a bundled definition is named: {@code gru}, {@code seq2seq-gru}. Anything else is a file path. */
    private static final Pattern BUNDLED_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private static final String DEFAULTS = """
            task = binary
            bidirectional = false
            layers = 1
            hidden-size = 64
            embedding-size = 64
            head = last
            dropout = 0.0
            l2 = 0.0
            gradient-clip = 1.0
            learning-rate = 0.001
            batch-size = 64
            epochs = 20
            early-stopping-patience = 3
            recall-k = 20
            tbptt-length = 0
            max-visits = 0
            bucket-by-length = true
            seed = 42
            """;
    private static final Set<String> KEYS = Set.of("name", "type", "task", "bidirectional", "layers",
            "hidden-size", "embedding-size", "head", "dropout", "l2", "gradient-clip", "learning-rate",
            "batch-size", "epochs", "early-stopping-patience", "recall-k", "tbptt-length", "max-visits",
            "bucket-by-length", "seed");

    /** Recurrent cell. */
    public enum CellType { RNN, LSTM, GRU }

    /** How the network turns the sequence into predictions. */
    public enum Head {
        /** Output of the last real step (DL4J {@code LastTimeStep}). */
        LAST,
        /** Masked mean of the recurrent outputs over real steps. */
        MEAN,
        /** One prediction per step ({@code RnnOutputLayer}); required for next-visit and TBPTT. */
        PER_STEP
    }

    /** What is predicted. */
    public enum Task {
        /** One binary outcome per sequence; validated by AUROC. */
        BINARY,
        /** The codes of the next visit at every step; validated by recall@k. */
        NEXT_VISIT
    }

    private final String source;
    private final String rendered;
    private final String name;
    private final Task task;
    private final CellType type;
    private final boolean bidirectional;
    private final int layers;
    private final int hiddenSize;
    private final int embeddingSize;
    private final Head head;
    private final double dropout;
    private final double l2;
    private final double gradientClip;
    private final double learningRate;
    private final int batchSize;
    private final int epochs;
    private final int earlyStoppingPatience;
    private final int recallK;
    private final int tbpttLength;
    private final int maxVisits;
    private final boolean bucketByLength;
    private final long seed;

    private NetworkConfig(Config given, String source) {
        this.source = source;
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : given.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                unknown.add(e.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            throw invalid(source, "unknown key(s) " + unknown + "; allowed: " + new TreeSet<>(KEYS));
        }
        Config c = given.withFallback(ConfigFactory.parseString(DEFAULTS)).resolve();
        this.rendered = c.root().render(ConfigRenderOptions.concise());
        this.name = string(c, "name", source);
        this.task = choice(c, "task", Task.class, source);
        this.type = choice(c, "type", CellType.class, source);
        this.bidirectional = bool(c, "bidirectional", source);
        this.layers = integer(c, "layers", 1, source);
        this.hiddenSize = integer(c, "hidden-size", 1, source);
        this.embeddingSize = integer(c, "embedding-size", 0, source);
        this.head = choice(c, "head", Head.class, source);
        this.dropout = number(c, "dropout", 0, source);
        if (dropout >= 1) {
            throw invalid(source, "key 'dropout' is a drop probability and must be in [0, 1), got " + dropout);
        }
        this.l2 = number(c, "l2", 0, source);
        this.gradientClip = number(c, "gradient-clip", 0, source);
        this.learningRate = number(c, "learning-rate", 0, source);
        if (learningRate == 0) {
            throw invalid(source, "key 'learning-rate' must be > 0");
        }
        this.batchSize = integer(c, "batch-size", 1, source);
        this.epochs = integer(c, "epochs", 1, source);
        this.earlyStoppingPatience = integer(c, "early-stopping-patience", 1, source);
        this.recallK = integer(c, "recall-k", 1, source);
        this.tbpttLength = integer(c, "tbptt-length", 0, source);
        this.maxVisits = integer(c, "max-visits", 0, source);
        this.bucketByLength = bool(c, "bucket-by-length", source);
        this.seed = longValue(c, "seed", source);
        if (task == Task.NEXT_VISIT && head != Head.PER_STEP) {
            throw invalid(source, "key 'head' must be per-step for task next-visit, got "
                    + head.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        if (task == Task.NEXT_VISIT && bidirectional) {
            throw invalid(source, "key 'bidirectional' must be false for task next-visit: the backward direction "
                    + "at visit t would read visit t + 1, the visit it is asked to predict");
        }
        if (tbpttLength > 0 && head != Head.PER_STEP) {
            throw invalid(source, "key 'tbptt-length' needs head = per-step (DL4J rejects truncated BPTT "
                    + "with last-step and pooled heads)");
        }
    }

    /** Parses and validates a model definition given as HOCON text; {@code source} names it in errors. */
    public static NetworkConfig parse(String hocon, String source) {
        Config c;
        try {
            c = ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription(source));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("model config " + source + " is not valid HOCON: " + e.getMessage(), e);
        }
        return new NetworkConfig(c, source);
    }

    /** Validates an already parsed config (e.g. a {@code model} block inside a job config). */
    public static NetworkConfig fromConfig(Config config, String source) {
        return new NetworkConfig(config, source);
    }

    /** Restores a config from {@link #toJson()} (e.g. a saved model's sidecar). */
    public static NetworkConfig fromJson(String json, String source) {
        Config c = ConfigFactory.parseString(json, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)
                .setOriginDescription(source));
        return new NetworkConfig(c, source);
    }

    /**
     * Loads a network definition: a name ({@code gru}, {@code seq2seq-gru}: letters, digits, dashes) is the
     * definition bundled in this jar; anything else ({@code ./my-gru.conf}, {@code /etc/longitude/gru.conf}) is a
     * file path. The working directory is never searched for a name.
     */
    public static NetworkConfig load(String nameOrPath) {
        if (BUNDLED_NAME.matcher(nameOrPath).matches()) {
            return bundled(nameOrPath);
        }
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no network definition file " + nameOrPath + " (a bundled network is "
                    + "named without a folder or .conf, e.g. gru)");
        }
        return parse(read(file), file.toString());
    }

    private static NetworkConfig bundled(String name) {
        String resource = BUNDLED_DIR + name + ".conf";
        try (InputStream in = NetworkConfig.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no bundled network definition '" + name + "' (the bundled ones "
                        + "are the files of conf/networks; give a file of your own by its path, e.g. ./" + name
                        + ".conf)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled " + name + ".conf");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model config " + file, e);
        }
    }

    /** The full config (defaults filled in) as JSON; {@link #fromJson} restores it. */
    public String toJson() {
        return rendered;
    }

    /** How labels must be featurised for this task and head. */
    public LabelLayout labelLayout() {
        if (task == Task.NEXT_VISIT) {
            return LabelLayout.NEXT_VISIT;
        }
        return head == Head.PER_STEP ? LabelLayout.LAST_STEP : LabelLayout.SEQUENCE;
    }

    /**
     * The early-stopping metric, higher is better: {@code auroc} for binary tasks, {@code recall@k} (this
     * config's {@code recall-k}) for next-visit ones.
     */
    public String validationMetric() {
        return task == Task.NEXT_VISIT ? "recall@" + recallK : "auroc";
    }

    /** A copy with other training limits, e.g. for a smoke run; everything else is unchanged. */
    public NetworkConfig withEpochs(int newEpochs) {
        Config c = ConfigFactory.parseString(rendered).withValue("epochs",
                ConfigValueFactory.fromAnyRef(newEpochs));
        return new NetworkConfig(c, source + " (epochs=" + newEpochs + ")");
    }

    public String source() { return source; }
    public String name() { return name; }
    public Task task() { return task; }
    public CellType type() { return type; }
    public boolean bidirectional() { return bidirectional; }
    public int layers() { return layers; }
    public int hiddenSize() { return hiddenSize; }
    public int embeddingSize() { return embeddingSize; }
    public Head head() { return head; }
    public double dropout() { return dropout; }
    public double l2() { return l2; }
    public double gradientClip() { return gradientClip; }
    public double learningRate() { return learningRate; }
    public int batchSize() { return batchSize; }
    public int epochs() { return epochs; }
    public int earlyStoppingPatience() { return earlyStoppingPatience; }
    public int recallK() { return recallK; }
    public int tbpttLength() { return tbpttLength; }
    public int maxVisits() { return maxVisits; }
    public boolean bucketByLength() { return bucketByLength; }
    public long seed() { return seed; }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkConfig other && rendered.equals(other.rendered);
    }

    @Override
    public int hashCode() {
        return rendered.hashCode();
    }

    @Override
    public String toString() {
        return "NetworkConfig" + rendered;
    }

    private static IllegalArgumentException invalid(String source, String message) {
        return new IllegalArgumentException("model config " + source + ": " + message);
    }

    private static String string(Config c, String key, String source) {
        if (!c.hasPath(key)) {
            throw invalid(source, "key '" + key + "' is required");
        }
        try {
            String v = c.getString(key).trim();
            if (v.isEmpty()) {
                throw invalid(source, "key '" + key + "' must not be empty");
            }
            return v;
        } catch (ConfigException.WrongType e) {
            throw invalid(source, "key '" + key + "' must be a string");
        }
    }

    private static <E extends Enum<E>> E choice(Config c, String key, Class<E> type, String source) {
        String v = string(c, key, source);
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String spelled = constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
            if (spelled.equals(v)) {
                return constant;
            }
            allowed.add(spelled);
        }
        throw invalid(source, "key '" + key + "' must be one of " + allowed + ", got '" + v + "'");
    }

    private static boolean bool(Config c, String key, String source) {
        try {
            return c.getBoolean(key);
        } catch (ConfigException.WrongType e) {
            throw invalid(source, "key '" + key + "' must be true or false, got " + c.getValue(key).render());
        }
    }

    private static int integer(Config c, String key, int min, String source) {
        long v = longValue(c, key, source);
        if (v < min || v > Integer.MAX_VALUE) {
            throw invalid(source, "key '" + key + "' must be an integer >= " + min + ", got " + v);
        }
        return (int) v;
    }

    private static long longValue(Config c, String key, String source) {
        ConfigValue raw = c.getValue(key);
        Object unwrapped = raw.unwrapped();
        if (!(unwrapped instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw invalid(source, "key '" + key + "' must be an integer, got " + raw.render());
        }
        return n.longValue();
    }

    private static double number(Config c, String key, double min, String source) {
        ConfigValue raw = c.getValue(key);
        if (!(raw.unwrapped() instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw invalid(source, "key '" + key + "' must be a number, got " + raw.render());
        }
        double v = n.doubleValue();
        if (v < min) {
            throw invalid(source, "key '" + key + "' must be >= " + min + ", got " + v);
        }
        return v;
    }
}
