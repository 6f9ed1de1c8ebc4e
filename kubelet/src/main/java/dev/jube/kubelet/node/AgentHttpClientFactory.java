package dev.jube.kubelet.node;

import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.http.HttpClient;
import java.util.concurrent.Executors;

/**
 * The JDK HTTP client for a node agent's API client, with virtual threads for its callbacks. The
 * default is a cached pool of platform threads that keeps a dozen alive at rest (each watch,
 * heartbeat and status patch wakes one); virtual threads cost nothing while idle.
 */
public final class AgentHttpClientFactory extends JdkHttpClientFactory {

    @Override
    protected HttpClient.Builder createNewHttpClientBuilder() {
        return HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor());
    }
}
