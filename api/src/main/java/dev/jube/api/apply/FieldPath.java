package dev.jube.api.apply;

import java.util.ArrayList;
import java.util.List;

/**
 * A path from the object root to one field or list item, printed as upstream prints it in
 * conflict messages, e.g. {@code .spec.template.spec.containers[name="nginx"].image}.
 */
public record FieldPath(List<PathElement> elements) implements Comparable<FieldPath> {

    public static final FieldPath ROOT = new FieldPath(List.of());

    public FieldPath {
        elements = List.copyOf(elements);
    }

    public static FieldPath of(PathElement... elements) {
        return new FieldPath(List.of(elements));
    }

    /** A path of object fields only, e.g. {@code fields("spec", "replicas")}. */
    public static FieldPath fields(String... names) {
        List<PathElement> list = new ArrayList<>(names.length);
        for (String n : names) {
            list.add(PathElement.field(n));
        }
        return new FieldPath(list);
    }

    public FieldPath append(PathElement element) {
        List<PathElement> list = new ArrayList<>(elements.size() + 1);
        list.addAll(elements);
        list.add(element);
        return new FieldPath(list);
    }

    public boolean isRoot() {
        return elements.isEmpty();
    }

    public int size() {
        return elements.size();
    }

    public PathElement last() {
        return elements.getLast();
    }

    @Override
    public int compareTo(FieldPath o) {
        for (int i = 0; i < Math.min(size(), o.size()); i++) {
            int c = elements.get(i).compareTo(o.elements.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(size(), o.size());
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (PathElement e : elements) {
            b.append(e);
        }
        return b.toString();
    }
}
