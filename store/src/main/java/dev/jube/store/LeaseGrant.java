package dev.jube.store;

/** A granted lease: its id and the TTL in seconds actually granted. */
public record LeaseGrant(long id, long ttlSeconds) {}
