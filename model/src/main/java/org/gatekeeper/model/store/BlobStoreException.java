package org.gatekeeper.model.store;

/**
 * A blob store operation failed. The message names the namespace, the version (when one is involved) and the key
 * or object, and says what to check.
 */
public class BlobStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BlobStoreException(String message) {
        super(message);
    }

    public BlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
