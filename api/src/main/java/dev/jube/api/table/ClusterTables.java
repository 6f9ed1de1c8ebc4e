package dev.jube.api.table;

import static dev.jube.api.table.Fields.at;
import static dev.jube.api.table.Fields.has;
import static dev.jube.api.table.Fields.list;
import static dev.jube.api.table.Fields.num;
import static dev.jube.api.table.Fields.size;
import static dev.jube.api.table.Fields.str;
import static dev.jube.api.table.TableColumn.ageColumn;
import static dev.jube.api.table.TableColumn.nameColumn;
import static dev.jube.api.table.TableColumn.of;
import static dev.jube.api.table.TableColumn.wide;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Tables of the cluster-administration groups: rbac, coordination, scheduling, node,
 * certificates, admissionregistration, flowcontrol, apiextensions and apiregistration.
 */
final class ClusterTables {

    private ClusterTables() {
    }

    static void registerRbac(Map<String, TableDefinition> tables) {
        tables.put("rolebindings", binding("roleBinding"));
        tables.put("clusterrolebindings", binding("clusterRoleBinding"));
        // Roles have no printer upstream: kubectl shows NAME and CREATED AT.
        tables.put("roles", DefaultTable.definition());
        tables.put("clusterroles", DefaultTable.definition());
    }

    private static TableDefinition binding(String what) {
        return TableDefinition.of(nameColumn(),
                of("Role", "string", "The role the subjects are bound to, as Kind/name.",
                        (o, now) -> str(o, "roleRef", "kind") + "/" + str(o, "roleRef", "name")),
                ageColumn(),
                wide("Users", "string", "Users in the " + what, (o, now) -> subjects(o, "User")),
                wide("Groups", "string", "Groups in the " + what, (o, now) -> subjects(o, "Group")),
                wide("ServiceAccounts", "string", "ServiceAccounts in the " + what,
                        (o, now) -> subjects(o, "ServiceAccount")));
    }

    private static String subjects(JsonNode binding, String kind) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : list(binding, "subjects")) {
            if (kind.equals(str(s, "kind"))) {
                out.add("ServiceAccount".equals(kind) ? str(s, "namespace") + "/" + str(s, "name") : str(s, "name"));
            }
        }
        return String.join(", ", out);
    }

    static void registerCoordination(Map<String, TableDefinition> tables) {
        tables.put("leases", TableDefinition.of(nameColumn(),
                of("Holder", "string", "The identity of the current holder of the lease.",
                        (o, now) -> str(o, "spec", "holderIdentity")),
                ageColumn()));
    }

    static void registerScheduling(Map<String, TableDefinition> tables) {
        tables.put("priorityclasses", TableDefinition.of(nameColumn(),
                of("Value", "integer", "The priority of pods of this class.", (o, now) -> num(o, "value")),
                of("Global-Default", "boolean", "Whether pods without a class get this one.",
                        (o, now) -> Fields.bool(o, "globalDefault")),
                ageColumn(),
                wide("PreemptionPolicy", "string", "Whether pods of this class may preempt lower priority pods.",
                        (o, now) -> Formats.orDefault(str(o, "preemptionPolicy"), "PreemptLowerPriority"))));
    }

    static void registerNode(Map<String, TableDefinition> tables) {
        tables.put("runtimeclasses", TableDefinition.of(nameColumn(),
                of("Handler", "string", "The container runtime handler of the class.",
                        (o, now) -> str(o, "handler")),
                ageColumn()));
    }

    static void registerCertificates(Map<String, TableDefinition> tables) {
        tables.put("certificatesigningrequests", TableDefinition.of(nameColumn(),
                ageColumn(),
                of("SignerName", "string", "The signer the request is for.",
                        (o, now) -> Formats.orDefault(str(o, "spec", "signerName"), Formats.NONE)),
                of("Requestor", "string", "The user who created the request.", (o, now) -> str(o, "spec", "username")),
                of("RequestedDuration", "string", "The requested validity of the certificate.",
                        (o, now) -> has(o, "spec", "expirationSeconds")
                                ? Durations.human(Duration.ofSeconds(num(o, "spec", "expirationSeconds")))
                                : Formats.NONE),
                of("Condition", "string", "Approval state of the request.", (o, now) -> csrCondition(o))));
    }

    /** "Pending", "Approved,Issued", "Denied", with ",Failed" when signing failed. */
    static String csrCondition(JsonNode csr) {
        boolean approved = false;
        boolean denied = false;
        boolean failed = false;
        for (JsonNode c : list(csr, "status", "conditions")) {
            switch (str(c, "type")) {
                case "Approved" -> approved = true;
                case "Denied" -> denied = true;
                case "Failed" -> failed = true;
                default -> {
                }
            }
        }
        String status = denied ? "Denied" : approved ? "Approved" : "Pending";
        if (failed) {
            status += ",Failed";
        }
        if (!str(csr, "status", "certificate").isEmpty()) {
            status += ",Issued";
        }
        return status;
    }

    static void registerAdmission(Map<String, TableDefinition> tables) {
        TableDefinition webhooks = TableDefinition.of(nameColumn(),
                of("Webhooks", "integer", "Webhooks indicates the number of webhooks registered in this configuration",
                        (o, now) -> (long) size(o, "webhooks")),
                ageColumn());
        tables.put("mutatingwebhookconfigurations", webhooks);
        tables.put("validatingwebhookconfigurations", webhooks);
        tables.put("validatingadmissionpolicies", TableDefinition.of(nameColumn(),
                of("Validations", "integer",
                        "Validations indicates the number of validation rules defined in this configuration",
                        (o, now) -> (long) size(o, "spec", "validations")),
                of("ParamKind", "string",
                        "ParamKind specifies the kind of resources used to parameterize this policy",
                        (o, now) -> has(o, "spec", "paramKind")
                                ? str(o, "spec", "paramKind", "apiVersion") + "/" + str(o, "spec", "paramKind", "kind")
                                : Formats.UNSET),
                ageColumn()));
        tables.put("validatingadmissionpolicybindings", TableDefinition.of(nameColumn(),
                of("PolicyName", "string",
                        "PolicyName indicates the policy definition which the policy binding binded to",
                        (o, now) -> str(o, "spec", "policyName")),
                of("ParamRef", "string", "ParamRef indicates the param resource which sets the configration param",
                        (o, now) -> paramRef(o)),
                ageColumn()));
    }

    private static String paramRef(JsonNode binding) {
        if (!has(binding, "spec", "paramRef")) {
            return Formats.UNSET;
        }
        JsonNode ref = at(binding, "spec", "paramRef");
        String name = str(ref, "name");
        if (!name.isEmpty()) {
            String ns = str(ref, "namespace");
            return ns.isEmpty() ? "*/" + name : ns + "/" + name;
        }
        // Upstream prints the selector's Go struct dump here; selector text is what a person can read.
        return has(ref, "selector") ? Formats.labelSelector(at(ref, "selector")) : Formats.UNSET;
    }

    static void registerFlowControl(Map<String, TableDefinition> tables) {
        tables.put("flowschemas", TableDefinition.of(nameColumn(),
                of("PriorityLevel", "string", "The priority level requests of this schema are assigned to.",
                        (o, now) -> str(o, "spec", "priorityLevelConfiguration", "name")),
                of("MatchingPrecedence", "string", "Lower values match first.",
                        (o, now) -> num(o, "spec", "matchingPrecedence")),
                of("DistinguisherMethod", "string", "How flows of this schema are told apart.",
                        (o, now) -> has(o, "spec", "distinguisherMethod")
                                ? str(o, "spec", "distinguisherMethod", "type") : Formats.NONE),
                ageColumn(),
                of("MissingPL", "string", "references a broken or non-existent PriorityLevelConfiguration",
                        (o, now) -> {
                            for (JsonNode c : list(o, "status", "conditions")) {
                                if ("Dangling".equals(str(c, "type"))) {
                                    return str(c, "status");
                                }
                            }
                            return "?";
                        }))
                .withRowOrder(Comparator.<JsonNode>comparingLong(o -> num(o, "spec", "matchingPrecedence"))
                        .thenComparing(o -> str(o, "metadata", "name"))));
        tables.put("prioritylevelconfigurations", TableDefinition.of(nameColumn(),
                of("Type", "string", "Whether requests of this level are limited (Limited or Exempt).",
                        (o, now) -> str(o, "spec", "type")),
                of("NominalConcurrencyShares", "string", "Share of the server's concurrency for this level.",
                        (o, now) -> limited(o, "nominalConcurrencyShares")),
                of("Queues", "string", "The number of queues.", (o, now) -> queuing(o, "queues")),
                of("HandSize", "string", "The number of queues a flow is dealt.", (o, now) -> queuing(o, "handSize")),
                of("QueueLengthLimit", "string", "The maximum requests waiting in one queue.",
                        (o, now) -> queuing(o, "queueLengthLimit")),
                ageColumn()));
    }

    private static Object limited(JsonNode plc, String field) {
        return has(plc, "spec", "limited") ? (Object) num(plc, "spec", "limited", field) : Formats.NONE;
    }

    private static Object queuing(JsonNode plc, String field) {
        return has(plc, "spec", "limited") && has(plc, "spec", "limited", "limitResponse", "queuing")
                ? (Object) num(plc, "spec", "limited", "limitResponse", "queuing", field) : Formats.NONE;
    }

    static void registerApiExtensions(Map<String, TableDefinition> tables) {
        tables.put("customresourcedefinitions", DefaultTable.definition());
    }

    static void registerApiRegistration(Map<String, TableDefinition> tables) {
        tables.put("apiservices", TableDefinition.of(nameColumn(),
                of("Service", "string", "The service serving the API, or Local.",
                        (o, now) -> has(o, "spec", "service")
                                ? str(o, "spec", "service", "namespace") + "/" + str(o, "spec", "service", "name")
                                : "Local"),
                of("Available", "string", "Whether the API is available, with the reason when not.",
                        (o, now) -> apiServiceAvailable(o)),
                ageColumn()));
    }

    private static String apiServiceAvailable(JsonNode svc) {
        for (JsonNode c : list(svc, "status", "conditions")) {
            if ("Available".equals(str(c, "type"))) {
                String status = str(c, "status");
                String reason = str(c, "reason");
                if ("True".equals(status) || reason.isEmpty()) {
                    return status;
                }
                return status + " (" + reason + ")";
            }
        }
        return "Unknown";
    }
}
