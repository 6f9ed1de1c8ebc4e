package dev.jube.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    private static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
            + "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    @ParameterizedTest
    @ValueSource(strings = {"a", "ab", "a-b", "0", "a.b", "a.b.c", "1.2.3.4", "my-app.example.com", "a--b"})
    void validSubdomains(String name) {
        assertThat(Names.dns1123Subdomain(name)).isEmpty();
        assertThat(Names.isDns1123Subdomain(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "-a", "a-", "a..b", ".a", "a.", "a_b", "a b", "a.-b", "é", "a/b"})
    void invalidSubdomains(String name) {
        assertThat(Names.dns1123Subdomain(name)).containsExactly(SUBDOMAIN_MSG);
    }

    @Test
    void subdomainLength() {
        String ok = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        assertThat(ok).hasSize(253);
        assertThat(Names.dns1123Subdomain(ok)).isEmpty();
        assertThat(Names.dns1123Subdomain(ok + "d")).containsExactly("must be no more than 253 characters");
        assertThat(Names.dns1123Subdomain("A".repeat(300)))
                .containsExactly("must be no more than 253 characters", SUBDOMAIN_MSG);
    }

    @Test
    void labels() {
        assertThat(Names.dns1123Label("my-name")).isEmpty();
        assertThat(Names.dns1123Label("123-abc")).isEmpty();
        assertThat(Names.dns1123Label("a".repeat(63))).isEmpty();
        assertThat(Names.dns1123Label("a".repeat(64))).containsExactly("must be no more than 63 characters");
        assertThat(Names.dns1123Label("a.b")).containsExactly("must not contain dots");
        assertThat(Names.dns1123Label("My-Name")).containsExactly(LABEL_MSG);
        assertThat(Names.dns1123Label("")).containsExactly(LABEL_MSG);
        assertThat(Names.isDns1123Label("kube-system")).isTrue();
    }

    @Test
    void dns1035Labels() {
        assertThat(Names.dns1035Label("my-svc")).isEmpty();
        assertThat(Names.dns1035Label("a1")).isEmpty();
        assertThat(Names.dns1035Label("")).hasSize(1);
        assertThat(Names.dns1035Label("a-")).hasSize(1);
        assertThat(Names.dns1035Label("x".repeat(64))).containsExactly("must be no more than 63 characters");
    }

    @Test
    void dns1035ExactWording() {
        assertThat(Names.dns1035Label("1abc")).containsExactly("a DNS-1035 label must consist of lower case "
                + "alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric "
                + "character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app", "App", "a.b_c-d", "example.com/app", "k8s.io/Name", "a",
            "kubernetes.io/metadata.name", "0"})
    void validQualifiedNames(String key) {
        assertThat(Names.qualifiedName(key)).isEmpty();
        assertThat(Names.isQualifiedName(key)).isTrue();
    }

    @Test
    void qualifiedNameErrors() {
        String namePartMsg = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and "
                + "end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                + "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        assertThat(Names.qualifiedName("")).containsExactly("name part must be non-empty", namePartMsg);
        assertThat(Names.qualifiedName("-app")).containsExactly(namePartMsg);
        assertThat(Names.qualifiedName("/app")).containsExactly("prefix part must be non-empty");
        assertThat(Names.qualifiedName("Example.com/app")).containsExactly("prefix part " + SUBDOMAIN_MSG);
        assertThat(Names.qualifiedName("example.com/")).containsExactly("name part must be non-empty", namePartMsg);
        assertThat(Names.qualifiedName("a".repeat(64))).containsExactly("name part must be no more than 63 characters");
        assertThat(Names.qualifiedName("a/b/c")).containsExactly("a qualified name must consist of alphanumeric "
                + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', "
                + " or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') "
                + "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    }

    @Test
    void labelValues() {
        assertThat(Names.labelValue("")).isEmpty();
        assertThat(Names.labelValue("MyValue")).isEmpty();
        assertThat(Names.labelValue("my_value.1-2")).isEmpty();
        assertThat(Names.labelValue("v".repeat(63))).isEmpty();
        assertThat(Names.labelValue("v".repeat(64))).containsExactly("must be no more than 63 characters");
        assertThat(Names.labelValue("-x")).containsExactly("a valid label must be an empty string or consist of "
                + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                + "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
        assertThat(Names.labelValue("a b")).hasSize(1);
        assertThat(Names.isLabelValue("ok")).isTrue();
    }

    @Test
    void lengthsCountUtf8Bytes() {
        // 32 two-byte characters are 64 bytes: too long even though only 32 characters.
        assertThat(Names.labelValue("é".repeat(32))).contains("must be no more than 63 characters");
        assertThat(Names.byteLength("a\u00e9\u20ac\uD83D\uDE00")).isEqualTo(1 + 2 + 3 + 4);
    }

    @Test
    void pathSegmentNames() {
        assertThat(Names.pathSegmentName("ok")).isEmpty();
        assertThat(Names.pathSegmentName(".")).containsExactly("may not be '.'");
        assertThat(Names.pathSegmentName("..")).containsExactly("may not be '..'");
        assertThat(Names.pathSegmentName("a/b")).containsExactly("may not contain '/'");
        assertThat(Names.pathSegmentName("a/%b")).containsExactly("may not contain '/'", "may not contain '%'");
        assertThat(Names.pathSegmentName("...")).isEmpty();
        assertThat(Names.pathSegmentPrefix(".")).isEmpty();
    }

    @Test
    void validateLabelsReportsKeysAndValues() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("good", "ok");
        labels.put("bad key", "-bad");
        List<FieldError> errs = Names.validateLabels(labels, "metadata.labels");
        assertThat(errs).hasSize(2);
        assertThat(errs.get(0).message()).startsWith("metadata.labels: Invalid value: \"bad key\": name part must");
        assertThat(errs.get(1).message()).startsWith("metadata.labels: Invalid value: \"-bad\": a valid label must");
        assertThat(Names.validateLabels(null, "metadata.labels")).isEmpty();
    }

    @Test
    void validateAnnotationsIgnoresCaseAndLimitsSize() {
        assertThat(Names.validateAnnotations(Map.of("Example.COM/Key", "v"), "metadata.annotations")).isEmpty();
        assertThat(Names.validateAnnotations(Map.of("a b", "v"), "metadata.annotations")).hasSize(1);

        Map<String, String> big = Map.of("k", "x".repeat(Names.TOTAL_ANNOTATION_SIZE_LIMIT_BYTES - 1));
        assertThat(Names.validateAnnotations(big, "metadata.annotations")).isEmpty();
        Map<String, String> tooBig = Map.of("k", "x".repeat(Names.TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
        List<FieldError> errs = Names.validateAnnotations(tooBig, "metadata.annotations");
        assertThat(errs).extracting(FieldError::message)
                .containsExactly("metadata.annotations: Too long: may not be more than 262144 bytes");
        assertThat(errs.get(0).type().causeType()).isEqualTo("FieldValueTooLong");
    }

    @Test
    void hostileInputIsRejectedQuickly() {
        String hostile = "a-".repeat(500_000) + "!";
        assertThat(Names.dns1123Subdomain(hostile)).hasSize(2);
        assertThat(Names.qualifiedName(hostile)).hasSize(2);
    }
}
