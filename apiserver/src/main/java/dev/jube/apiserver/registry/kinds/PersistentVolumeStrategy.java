package dev.jube.apiserver.registry.kinds;

import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import tools.jackson.databind.node.ObjectNode;

/** PersistentVolumes: Retain and Filesystem by default, Pending until the binder sees them. */
public final class PersistentVolumeStrategy extends GenericStrategy {

    @Override
    public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
        super.prepareForCreate(d, obj);
        ObjectNode spec = Fields.child(obj, "spec");
        Fields.defaultString(spec, "persistentVolumeReclaimPolicy", "Retain");
        Fields.defaultString(spec, "volumeMode", "Filesystem");
        obj.putObject("status").put("phase", "Pending");
    }
}
