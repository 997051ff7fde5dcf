package io.longitude.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.longitude.cohort.TaskConfig;
import io.longitude.cohort.ValueBins;
import io.longitude.cohort.Vocabulary;
import io.longitude.config.BadInputException;
import io.longitude.models.config.NetworkConfig;
import io.longitude.models.data.FeatureLayout;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.evaluation.Recalibrator;
import io.longitude.models.registry.ModelVersion;
import io.longitude.models.saved.ModelSidecar;
import io.longitude.models.saved.SavedModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a model version scores with, read from its own folder and nowhere else: the network (as its
 * ModelSerializer zip), the featuriser of its sidecar (layout, normaliser, visit cap), its vocabulary tokens
 * (checked against the layout's hash) with the value bins they were made with (none in a version trained before
 * values were features), the task definition it was trained on and, for a binary task, the
 * recalibrator evaluate fitted on its validation split. A missing part is refused with one line naming it.
 */
public final class ScoringVersion {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelVersion version;
    private final byte[] network;
    private final SequenceFeaturiser featuriser;
    private final int batchSize;
    private final Vocabulary vocabulary;
    private final List<String> targetTokens;
    private final TaskConfig task;
    private final Recalibrator recalibrator;
    private final String trainingDataHash;

    private ScoringVersion(ModelVersion version, byte[] network, SequenceFeaturiser featuriser, int batchSize,
                           Vocabulary vocabulary, List<String> targetTokens, TaskConfig task, Recalibrator recalibrator,
                           String trainingDataHash) {
        this.version = version;
        this.network = network;
        this.featuriser = featuriser;
        this.batchSize = batchSize;
        this.vocabulary = vocabulary;
        this.targetTokens = targetTokens;
        this.task = task;
        this.recalibrator = recalibrator;
        this.trainingDataHash = trainingDataHash;
    }

    /** The version's scoring inputs; {@code what} names it in errors (e.g. "version v… of gru for mortality-inhospital"). */
    public static ScoringVersion load(ModelVersion version, String what) {
        if (!version.finished()) {
            throw new BadInputException(what + " is not a finished version (" + version.dir() + ")");
        }
        require(version.taskDefinition(), what, "its task definition (trained before versions kept it: retrain)");
        require(version.vocabulary(), what, "its vocabulary (trained before versions kept it: retrain)");
        try {
            ModelSidecar sidecar = SavedModel.readSidecar(version.model());
            TaskConfig task = TaskConfig.fromDefinition(Files.readString(version.taskDefinition()));
            if (task.kind().binary()) {
                require(version.recalibration(), what, "a recalibrator (run `longitude evaluate` while it is the "
                        + "latest version: evaluate fits it on the validation split)");
            }
            JsonNode tokens = JSON.readTree(version.vocabulary().toFile());
            List<String> input = strings(tokens.path("tokens"));
            List<String> targets = tokens.path("targetTokens").isArray() ? strings(tokens.path("targetTokens")) : null;
            FeatureLayout layout = sidecar.featureLayout();
            if (!FeatureLayout.hashVocabulary(input).equals(layout.vocabularyHash())
                    || targets != null && !FeatureLayout.hashVocabulary(targets).equals(layout.targetVocabularyHash())) {
                throw new BadInputException(what + ": its vocabulary does not match the network's feature layout");
            }
            int batchSize = NetworkConfig.fromJson(JSON.writeValueAsString(sidecar.modelConfig()),
                    version.model().resolve(SavedModel.SIDECAR_FILE).toString()).batchSize();
            return new ScoringVersion(version, Files.readAllBytes(version.model().resolve(SavedModel.NETWORK_FILE)),
                    new SequenceFeaturiser(layout, sidecar.labelLayout(), sidecar.normaliser(), sidecar.maxVisits()),
                    batchSize, Vocabulary.ofTokens(input).withValueBins(valueBins(tokens, version)), targets, task,
                    task.kind().binary() ? Recalibrator.read(version.recalibration()) : null,
                    sidecar.trainingDataHash());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + version.dir(), e);
        }
    }

    private static ValueBins valueBins(JsonNode vocabularyFile, ModelVersion version) {
        JsonNode bins = vocabularyFile.path("valueBins");
        return bins.isObject() ? ValueBins.fromJson(bins.toString(), version.vocabulary().toString()) : ValueBins.NONE;
    }

    private static void require(Path file, String what, String part) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(what + " cannot score: it has no " + part);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    public String name() {
        return version.name();
    }

    public byte[] network() {
        return network.clone();
    }

    public SequenceFeaturiser featuriser() {
        return featuriser;
    }

    public int batchSize() {
        return batchSize;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** next-visit-dx: the codes the network predicts, in output order; null for a binary task. */
    public List<String> targetTokens() {
        return targetTokens;
    }

    public Vocabulary targetVocabulary() {
        return targetTokens == null ? null : Vocabulary.ofTokens(targetTokens);
    }

    public TaskConfig task() {
        return task;
    }

    /** Binary tasks: raw score → calibrated probability; null for next-visit-dx. */
    public Recalibrator recalibrator() {
        return recalibrator;
    }

    public String trainingDataHash() {
        return trainingDataHash;
    }
}
