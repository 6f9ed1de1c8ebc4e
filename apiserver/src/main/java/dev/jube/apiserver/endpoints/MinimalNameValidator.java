package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.registry.ResourceDescriptor.NameRule;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Stand-in for the api library's name validation, to be replaced: the DNS name rules upstream applies. */
final class MinimalNameValidator implements NameValidator {

    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN = LABEL + "(\\." + LABEL + ")*";
    private static final String DNS1035 = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern LABEL_RE = Pattern.compile(LABEL);
    private static final Pattern SUBDOMAIN_RE = Pattern.compile(SUBDOMAIN);
    private static final Pattern DNS1035_RE = Pattern.compile(DNS1035);

    @Override
    public List<String> validate(NameRule rule, String name) {
        List<String> errors = new ArrayList<>();
        switch (rule) {
            case DNS1123_SUBDOMAIN -> {
                if (name.length() > 253) {
                    errors.add("must be no more than 253 characters");
                }
                if (!SUBDOMAIN_RE.matcher(name).matches()) {
                    errors.add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                            + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
                            + "regex used for validation is '" + SUBDOMAIN + "')");
                }
            }
            case DNS1123_LABEL -> {
                if (name.length() > 63) {
                    errors.add("must be no more than 63 characters");
                }
                if (!LABEL_RE.matcher(name).matches()) {
                    errors.add("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                            + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
                            + "regex used for validation is '" + LABEL + "')");
                }
            }
            case DNS1035_LABEL -> {
                if (name.length() > 63) {
                    errors.add("must be no more than 63 characters");
                }
                if (!DNS1035_RE.matcher(name).matches()) {
                    errors.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
                            + "an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
                            + "'abc-123', regex used for validation is '" + DNS1035 + "')");
                }
            }
            case PATH_SEGMENT -> {
                if (name.equals(".") || name.equals("..")) {
                    errors.add("may not be '" + name + "'");
                }
                if (name.contains("/") || name.contains("%")) {
                    errors.add("may not contain '/' or '%'");
                }
            }
        }
        return errors;
    }
}
