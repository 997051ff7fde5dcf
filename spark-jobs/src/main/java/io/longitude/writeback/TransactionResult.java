package io.longitude.writeback;

/** What the server answered for the entries of one or more transactions: created (201) and updated (200). */
public record TransactionResult(long created, long updated) {

    public long accepted() {
        return created + updated;
    }
}
