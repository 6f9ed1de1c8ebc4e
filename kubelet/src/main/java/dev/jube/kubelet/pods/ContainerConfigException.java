package dev.jube.kubelet.pods;

/**
 * A container cannot be configured from what the API holds (a missing ConfigMap, Secret or key);
 * the container waits with reason CreateContainerConfigError until the object appears.
 */
public final class ContainerConfigException extends Exception {

    public ContainerConfigException(String message) {
        super(message);
    }
}
