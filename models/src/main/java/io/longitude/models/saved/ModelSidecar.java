package io.longitude.models.saved;

import io.longitude.models.data.FeatureLayout;
import io.longitude.models.data.LabelLayout;
import io.longitude.models.data.NumericNormaliser;
import java.util.Map;

/**
 * The JSON file saved next to a network zip: everything needed to rebuild the featuriser and to
 * refuse data the model was not trained for.
 *
 * @param modelConfig the {@code NetworkConfig} as JSON (defaults filled in)
 * @param metrics     final metrics by name, e.g. {@code auroc}, {@code best_epoch}
 * @param libraries   library versions the network was trained with (DL4J, ND4J)
 */
public record ModelSidecar(int formatVersion, String modelName, Map<String, Object> modelConfig,
                           FeatureLayout featureLayout, LabelLayout labelLayout, int maxVisits,
                           NumericNormaliser normaliser, String trainingDataHash, Map<String, Double> metrics,
                           Map<String, String> libraries, String savedAt) {

    public static final int FORMAT_VERSION = 1;

    public ModelSidecar {
        modelConfig = Map.copyOf(modelConfig);
        metrics = Map.copyOf(metrics);
        libraries = Map.copyOf(libraries);
    }
}
