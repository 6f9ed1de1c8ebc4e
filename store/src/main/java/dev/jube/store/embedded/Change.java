package dev.jube.store.embedded;

import dev.jube.store.WatchEvent;
import java.util.List;

/** The events of one revision (one writing transaction), each with its previous value. */
record Change(long revision, List<WatchEvent> events) {}
