package dev.jube.scheduler.plugins;

/** A topology domain: a node label key and its value. */
record TopologyPair(String key, String value) {}
