package dev.jube.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Runs one cluster component (the controller manager, the scheduler) in a process of its own:
 * a client from a kubeconfig, the component, and a shutdown hook that stops both on SIGTERM.
 */
final class StandaloneComponent {

    private StandaloneComponent() {}

    /** Starts the component and blocks until the process is asked to stop; returns the exit code. */
    static int run(String command, Path kubeconfig, PrintWriter out, PrintWriter err,
                   Function<KubernetesClient, AutoCloseable> start) throws InterruptedException {
        KubernetesClient client;
        try {
            client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException | RuntimeException e) {
            err.println("jube " + command + ": cannot read the kubeconfig " + kubeconfig + ": " + e.getMessage());
            return 1;
        }
        AutoCloseable component;
        try {
            component = start.apply(client);
        } catch (RuntimeException e) {
            client.close();
            err.println("jube " + command + ": cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                component.close();
            } catch (Exception e) {
                err.println("jube " + command + ": stopping failed: " + e.getMessage());
            }
            client.close();
            stopped.countDown();
        }, "jube-shutdown"));
        out.println("jube " + command + " is running against " + client.getMasterUrl());
        out.flush();
        stopped.await();
        return 0;
    }
}
