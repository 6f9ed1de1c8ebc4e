package dev.jube.kubelet.pods;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Upstream's {@code $(VAR)} expansion for env values, command and args: a reference to a known
 * variable is replaced, {@code $$} stands for a literal {@code $}, anything else stays as written.
 */
public final class VarExpansion {

    private VarExpansion() {}

    public static String expand(String input, Function<String, String> lookup) {
        if (input == null || input.indexOf('$') < 0) {
            return input;
        }
        StringBuilder out = new StringBuilder(input.length());
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (c != '$' || i + 1 >= input.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = input.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '(') {
                int close = input.indexOf(')', i + 2);
                if (close < 0) {
                    out.append(input, i, input.length());
                    break;
                }
                String name = input.substring(i + 2, close);
                String value = name.isEmpty() ? null : lookup.apply(name);
                out.append(value != null ? value : input.substring(i, close + 1));
                i = close + 1;
            } else {
                out.append(c).append(next);
                i += 2;
            }
        }
        return out.toString();
    }

    public static List<String> expandAll(List<String> inputs, Function<String, String> lookup) {
        if (inputs == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(inputs.size());
        for (String s : inputs) {
            out.add(expand(s, lookup));
        }
        return out;
    }
}
