package dev.jube.api.apply;

import java.util.ArrayList;
import java.util.List;

/** Small helpers for schema paths. */
final class Schemas {

    private Schemas() {
    }

    static List<String> append(List<String> path, String name) {
        List<String> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(name);
        return out;
    }
}
