package dev.jube.apiserver.admission;

import dev.jube.apiserver.auth.UserInfo;
import dev.jube.apiserver.registry.ResourceDescriptor;
import tools.jackson.databind.node.ObjectNode;

/**
 * A write about to be stored. Mutating plugins may change {@code object} in place; a plugin
 * rejects the request by throwing an {@code ApiException}. {@code object} is null for DELETE and
 * {@code oldObject} is null for CREATE. Plugins read other objects through {@code objects}.
 */
public record AdmissionRequest(Operation operation, ResourceDescriptor descriptor, String namespace, String name,
                               String subresource, ObjectNode object, ObjectNode oldObject, UserInfo user,
                               boolean dryRun, ClusterObjects objects) {

    public enum Operation { CREATE, UPDATE, DELETE }
}
