package dev.jube.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldErrorTest {

    @Test
    void rendersLikeUpstream() {
        assertThat(FieldError.invalid("metadata.name", "Foo", "bad").message())
                .isEqualTo("metadata.name: Invalid value: \"Foo\": bad");
        assertThat(FieldError.required("metadata.name", "name or generateName is required").message())
                .isEqualTo("metadata.name: Required value: name or generateName is required");
        assertThat(FieldError.required("spec.containers", "").message())
                .isEqualTo("spec.containers: Required value");
        assertThat(FieldError.invalid("spec.replicas", -1, "must be greater than or equal to 0").message())
                .isEqualTo("spec.replicas: Invalid value: -1: must be greater than or equal to 0");
        assertThat(FieldError.notSupported("spec.restartPolicy", "Sometimes", List.of("Always", "Never")).message())
                .isEqualTo("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\"");
        assertThat(FieldError.forbidden("spec", "is immutable").message()).isEqualTo("spec: Forbidden: is immutable");
        assertThat(FieldError.duplicate("spec.ports[1].name", "http").message())
                .isEqualTo("spec.ports[1].name: Duplicate value: \"http\"");
        assertThat(FieldError.tooLong("x", "", 1).detail()).isEqualTo("may not be more than 1 byte");
        assertThat(FieldError.invalid("x", "a\"b\n", "").message()).isEqualTo("x: Invalid value: \"a\\\"b\\n\"");
        assertThat(FieldError.invalid("x", null, "d").body()).isEqualTo("Invalid value: null: d");
    }
}
