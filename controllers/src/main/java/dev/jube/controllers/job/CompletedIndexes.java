package dev.jube.controllers.job;

import java.util.Collection;
import java.util.TreeSet;

/**
 * The compressed index lists of Indexed Jobs' status.completedIndexes and status.failedIndexes:
 * ascending, with runs of consecutive indexes written as ranges ("1,3-5,7").
 */
final class CompletedIndexes {

    private CompletedIndexes() {}

    /** The indexes in {@code text}, keeping only those below {@code completions}; bad parts are skipped. */
    static TreeSet<Integer> parse(String text, int completions) {
        TreeSet<Integer> result = new TreeSet<>();
        if (text == null || text.isEmpty()) {
            return result;
        }
        for (String part : text.split(",")) {
            try {
                int dash = part.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
                for (int i = from; i <= to && i < completions; i++) {
                    result.add(i);
                }
            } catch (NumberFormatException e) {
                // A hand-edited status: ignore what does not parse, as upstream does.
            }
        }
        return result;
    }

    static String format(Collection<Integer> indexes) {
        StringBuilder sb = new StringBuilder();
        Integer start = null;
        Integer prev = null;
        for (int i : new TreeSet<>(indexes)) {
            if (prev != null && i == prev + 1) {
                prev = i;
                continue;
            }
            append(sb, start, prev);
            start = i;
            prev = i;
        }
        append(sb, start, prev);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Integer start, Integer end) {
        if (start == null) {
            return;
        }
        if (!sb.isEmpty()) {
            sb.append(',');
        }
        sb.append(start);
        if (end > start) {
            sb.append('-').append(end);
        }
    }
}
