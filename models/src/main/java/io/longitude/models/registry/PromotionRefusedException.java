package io.longitude.models.registry;

/** A promotion or rollback the registry's state does not allow (unknown version, nothing to roll back to, …). */
public final class PromotionRefusedException extends RuntimeException {

    public PromotionRefusedException(String message) {
        super(message);
    }
}
