package io.longitude.models.saved;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.models.config.NetworkConfig;
import io.longitude.models.data.FeatureLayout;
import io.longitude.models.data.SequenceFeaturiser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A trained model on disk: a directory with {@value #NETWORK_FILE} (DL4J {@link ModelSerializer}
 * zip, without optimizer state) and {@value #SIDECAR_FILE} ({@link ModelSidecar}). Loading checks the
 * sidecar's feature layout against the data the model is about to be applied to and refuses a
 * mismatch with a {@link ModelMismatchException} that names every difference.
 */
public final class SavedModel {
    public static final String NETWORK_FILE = "network.zip";
    public static final String SIDECAR_FILE = "model.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MultiLayerNetwork network;
    private final NetworkConfig config;
    private final SequenceFeaturiser featuriser;
    private final ModelSidecar sidecar;

    private SavedModel(MultiLayerNetwork network, NetworkConfig config, SequenceFeaturiser featuriser,
                       ModelSidecar sidecar) {
        this.network = network;
        this.config = config;
        this.featuriser = featuriser;
        this.sidecar = sidecar;
    }

    /** Writes the network and its sidecar into {@code dir} (created if needed). */
    public static ModelSidecar save(Path dir, MultiLayerNetwork network, NetworkConfig config,
                                    SequenceFeaturiser featuriser, String trainingDataHash,
                                    Map<String, Double> metrics) {
        try {
            ModelSidecar sidecar = new ModelSidecar(ModelSidecar.FORMAT_VERSION, config.name(),
                    JSON.readValue(config.toJson(), new TypeReference<LinkedHashMap<String, Object>>() { }),
                    featuriser.layout(), featuriser.labelLayout(), featuriser.maxVisits(), featuriser.normaliser(),
                    trainingDataHash, metrics, libraryVersions(), Instant.now().toString());
            Files.createDirectories(dir);
            Path tmpZip = dir.resolve(NETWORK_FILE + ".tmp");
            ModelSerializer.writeModel(network, tmpZip.toFile(), false);
            Files.move(tmpZip, dir.resolve(NETWORK_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Path tmpJson = dir.resolve(SIDECAR_FILE + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmpJson.toFile(), sidecar);
            Files.move(tmpJson, dir.resolve(SIDECAR_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return sidecar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save model to " + dir, e);
        }
    }

    public static ModelSidecar readSidecar(Path dir) {
        Path file = dir.resolve(SIDECAR_FILE);
        try {
            ModelSidecar sidecar = JSON.readValue(file.toFile(), ModelSidecar.class);
            if (sidecar.formatVersion() != ModelSidecar.FORMAT_VERSION) {
                throw new IllegalStateException(file + " has format version " + sidecar.formatVersion()
                        + ", this build reads " + ModelSidecar.FORMAT_VERSION);
            }
            return sidecar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model sidecar " + file, e);
        }
    }

    /**
     * Loads the model in {@code dir} for data laid out as {@code dataLayout}.
     *
     * @throws ModelMismatchException if the vocabulary, numeric features or target vocabulary differ
     */
    public static SavedModel load(Path dir, FeatureLayout dataLayout) {
        ModelSidecar sidecar = readSidecar(dir);
        List<String> differences = sidecar.featureLayout().differencesFrom(dataLayout);
        if (!differences.isEmpty()) {
            throw new ModelMismatchException(sidecar.modelName() + " (" + dir + ")", differences);
        }
        try {
            NetworkConfig config = NetworkConfig.fromJson(JSON.writeValueAsString(sidecar.modelConfig()),
                    dir.resolve(SIDECAR_FILE).toString());
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(NETWORK_FILE).toFile(),
                    false);
            SequenceFeaturiser featuriser = new SequenceFeaturiser(sidecar.featureLayout(), sidecar.labelLayout(),
                    sidecar.normaliser(), sidecar.maxVisits());
            return new SavedModel(network, config, featuriser, sidecar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load network from " + dir, e);
        }
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public NetworkConfig config() {
        return config;
    }

    public SequenceFeaturiser featuriser() {
        return featuriser;
    }

    public ModelSidecar sidecar() {
        return sidecar;
    }

    /** DL4J and ND4J versions from their jars' Maven metadata. */
    static Map<String, String> libraryVersions() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("deeplearning4j-nn", mavenVersion("org.deeplearning4j", "deeplearning4j-nn"));
        versions.put("nd4j-api", mavenVersion("org.nd4j", "nd4j-api"));
        versions.put("java", System.getProperty("java.version"));
        return versions;
    }

    private static String mavenVersion(String group, String artifact) {
        String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = SavedModel.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
