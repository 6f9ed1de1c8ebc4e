package dev.jube.controllers.replicaset;

/**
 * The status a ReplicaSet or ReplicationController reports, plus its ReplicaFailure condition
 * (null reason when there is none).
 */
public record ReplicaCounts(int replicas, int fullyLabeledReplicas, int readyReplicas, int availableReplicas,
                            long observedGeneration, String failureReason, String failureMessage) {}
