package dev.jube.apiserver.crd;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream's ordering of version names: GA before beta before alpha, higher numbers first, and
 * names that are not Kubernetes versions last, alphabetically (v2 > v1 > v1beta2 > v1beta1 > v1alpha1 > foo).
 */
final class KubeVersions {

    private static final Pattern VERSION = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

    private KubeVersions() {}

    /** Negative when {@code a} comes first (has the higher priority). */
    static int compare(String a, String b) {
        Matcher ma = VERSION.matcher(a);
        Matcher mb = VERSION.matcher(b);
        boolean ka = ma.matches();
        boolean kb = mb.matches();
        if (!ka || !kb) {
            return ka ? -1 : kb ? 1 : a.compareTo(b);
        }
        int stage = Integer.compare(stage(mb.group(2)), stage(ma.group(2)));
        if (stage != 0) {
            return stage;
        }
        int major = Long.compare(Long.parseLong(mb.group(1)), Long.parseLong(ma.group(1)));
        if (major != 0) {
            return major;
        }
        return ma.group(3) == null ? 0 : Long.compare(Long.parseLong(mb.group(3)), Long.parseLong(ma.group(3)));
    }

    private static int stage(String s) {
        return s == null ? 2 : s.equals("beta") ? 1 : 0;
    }
}
