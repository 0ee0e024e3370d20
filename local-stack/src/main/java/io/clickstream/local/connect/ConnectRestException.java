package io.clickstream.local.connect;

/** A Connect REST call that answered with an error status; carries the worker's own message. */
public class ConnectRestException extends RuntimeException {

    private final int status;

    public ConnectRestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ConnectRestException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
    }

    /** The HTTP status, or -1 when the worker could not be reached at all. */
    public int status() {
        return status;
    }
}
