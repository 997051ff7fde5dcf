package io.longitude.models.saved;

import java.util.List;

/** Thrown when a saved model is applied to data with another vocabulary or feature layout. */
public final class ModelMismatchException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final List<String> differences;

    public ModelMismatchException(String model, List<String> differences) {
        super("model " + model + " does not fit this data: " + String.join("; ", differences));
        this.differences = List.copyOf(differences);
    }

    public List<String> differences() {
        return differences;
    }
}
