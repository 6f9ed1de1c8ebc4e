package dev.jube.store;

/** The lease does not exist: never granted, revoked or expired. */
public class LeaseNotFoundException extends StoreException {

    public LeaseNotFoundException(long leaseId) {
        super("requested lease not found: " + leaseId);
    }
}
