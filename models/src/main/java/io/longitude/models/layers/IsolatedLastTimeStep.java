package io.longitude.models.layers;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DL4J's {@link LastTimeStep} whose {@link #clone()} also copies the wrapped layer. DL4J's own clone is
 * shallow, so networks cloned from one configuration — SparkDl4jMultiLayer's workers, several per
 * executor JVM — share the wrapped layer's {@code Dropout} object and overwrite each other's dropout
 * masks ("Dropout mask array is absent"). Behaviour and serialised form are otherwise DL4J's.
 */
public class IsolatedLastTimeStep extends LastTimeStep {

    @JsonCreator
    public IsolatedLastTimeStep(@JsonProperty("underlying") Layer underlying) {
        super(underlying);
    }

    @Override
    public Layer clone() {
        LastTimeStep copy = (LastTimeStep) super.clone();
        copy.setUnderlying(getUnderlying().clone());
        return copy;
    }
}
