package io.longitude.models.layers;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;

/**
 * DL4J's {@link Bidirectional} whose {@link #clone()} also copies both wrapped layers, for the reason
 * given in {@link IsolatedLastTimeStep}. Behaviour and serialised form are otherwise DL4J's.
 */
public class IsolatedBidirectional extends Bidirectional {

    private IsolatedBidirectional() {
    }

    public IsolatedBidirectional(Mode mode, Layer layer) {
        super(mode, layer);
    }

    @Override
    public Layer clone() {
        Bidirectional copy = (Bidirectional) super.clone();
        copy.setFwd(getFwd().clone());
        copy.setBwd(getBwd().clone());
        return copy;
    }
}
