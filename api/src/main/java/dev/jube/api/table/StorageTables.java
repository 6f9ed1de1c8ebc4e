package dev.jube.api.table;

import static dev.jube.api.table.Fields.at;
import static dev.jube.api.table.Fields.has;
import static dev.jube.api.table.Fields.list;
import static dev.jube.api.table.Fields.size;
import static dev.jube.api.table.Fields.str;
import static dev.jube.api.table.TableColumn.ageColumn;
import static dev.jube.api.table.TableColumn.nameColumn;
import static dev.jube.api.table.TableColumn.of;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Tables of the storage.k8s.io group. */
final class StorageTables {

    private StorageTables() {
    }

    static void register(Map<String, TableDefinition> tables) {
        tables.put("storageclasses", TableDefinition.of(
                new TableColumn("Name", "string", "name", TableColumn.NAME_DESCRIPTION, 0,
                        (o, now) -> str(o, "metadata", "name") + (isDefaultClass(o) ? " (default)" : "")),
                of("Provisioner", "string", "The volume plugin that provisions volumes of this class.",
                        (o, now) -> str(o, "provisioner")),
                of("ReclaimPolicy", "string", "The reclaim policy of volumes provisioned for this class.",
                        (o, now) -> Formats.orDefault(str(o, "reclaimPolicy"), "Delete")),
                of("VolumeBindingMode", "string", "When volumes are provisioned and bound.",
                        (o, now) -> Formats.orDefault(str(o, "volumeBindingMode"), "Immediate")),
                of("AllowVolumeExpansion", "string", "Whether volumes of this class can be expanded.",
                        (o, now) -> Fields.bool(o, "allowVolumeExpansion")),
                ageColumn()));
        tables.put("volumeattachments", TableDefinition.of(nameColumn(),
                new TableColumn("Attacher", "string", "name", "The name of the volume driver that must attach.", 0,
                        (o, now) -> str(o, "spec", "attacher")),
                of("PV", "string", "The persistent volume to attach.",
                        (o, now) -> str(o, "spec", "source", "persistentVolumeName")),
                of("Node", "string", "The node the volume is attached to.", (o, now) -> str(o, "spec", "nodeName")),
                of("Attached", "boolean", "Whether the attach operation completed.",
                        (o, now) -> Fields.bool(o, "status", "attached")),
                ageColumn()));
        tables.put("csidrivers", TableDefinition.of(nameColumn(),
                of("AttachRequired", "boolean", "Whether the driver needs an attach operation.",
                        (o, now) -> !has(o, "spec", "attachRequired") || Fields.bool(o, "spec", "attachRequired")),
                of("PodInfoOnMount", "boolean", "Whether pod information is passed on mount.",
                        (o, now) -> Fields.bool(o, "spec", "podInfoOnMount")),
                of("StorageCapacity", "boolean", "Whether the scheduler considers storage capacity.",
                        (o, now) -> Fields.bool(o, "spec", "storageCapacity")),
                of("TokenRequests", "string", "Audiences of the service account tokens passed on mount.",
                        (o, now) -> tokenAudiences(o)),
                of("RequiresRepublish", "boolean", "Whether the driver wants periodic NodePublishVolume calls.",
                        (o, now) -> Fields.bool(o, "spec", "requiresRepublish")),
                of("Modes", "string", "The volume lifecycle modes the driver supports.", (o, now) -> {
                    List<String> modes = new ArrayList<>();
                    list(o, "spec", "volumeLifecycleModes").forEach(m -> modes.add(m.asString()));
                    return modes.isEmpty() ? Formats.NONE : String.join(",", modes);
                }),
                ageColumn()));
        tables.put("csinodes", TableDefinition.of(nameColumn(),
                of("Drivers", "integer", "Drivers indicates the number of CSI drivers registered on the node",
                        (o, now) -> (long) size(o, "spec", "drivers")),
                ageColumn()));
        tables.put("csistoragecapacities", TableDefinition.of(nameColumn(),
                of("StorageClassName", "string", "The storage class the capacity applies to.",
                        (o, now) -> str(o, "storageClassName")),
                of("Capacity", "string", "The available capacity.",
                        (o, now) -> has(o, "capacity") ? Formats.quantity(at(o, "capacity")) : Formats.UNSET)));
    }

    static boolean isDefaultClass(JsonNode sc) {
        return "true".equals(str(sc, "metadata", "annotations", "storageclass.kubernetes.io/is-default-class"))
                || "true".equals(str(sc, "metadata", "annotations", "storageclass.beta.kubernetes.io/is-default-class"));
    }

    private static String tokenAudiences(JsonNode driver) {
        if (!has(driver, "spec", "tokenRequests")) {
            return Formats.UNSET;
        }
        List<String> audiences = new ArrayList<>();
        list(driver, "spec", "tokenRequests").forEach(t -> audiences.add(str(t, "audience")));
        return String.join(",", audiences);
    }
}
