package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.registry.ResourceDescriptor.NameRule;
import java.util.List;

/** Checks object names; returns upstream-style messages, empty when the name is valid. */
@FunctionalInterface
public interface NameValidator {

    List<String> validate(NameRule rule, String name);
}
