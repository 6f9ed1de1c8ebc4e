package dev.jube.api.table;

import static dev.jube.api.table.Tables.ago;
import static dev.jube.api.table.Tables.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** READY, STATUS and RESTARTS of pods, case by case as upstream's printPod computes them. */
class PodStatusTest {

    private static final String ONE_CONTAINER = "\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"}]";
    private static final String TWO_CONTAINERS =
            "\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"},{\"name\":\"log\",\"image\":\"busybox\"}]";

    private static PodTable.Summary summary(String spec, String status) {
        return summary("", spec, status);
    }

    private static PodTable.Summary summary(String extraMetadata, String spec, String status) {
        JsonNode pod = json("{\"metadata\":{\"name\":\"p\"" + extraMetadata + "},\"spec\":{" + spec
                + "},\"status\":{" + status + "}}");
        return PodTable.summarize(pod, Tables.NOW);
    }

    private static String running(String name, boolean ready, int restarts) {
        return "{\"name\":\"" + name + "\",\"ready\":" + ready + ",\"restartCount\":" + restarts
                + ",\"state\":{\"running\":{\"startedAt\":\"" + ago(600) + "\"}}}";
    }

    @Test
    void runningPodWithAllContainersReady() {
        var s = summary(TWO_CONTAINERS, "\"phase\":\"Running\",\"containerStatuses\":["
                + running("app", true, 0) + "," + running("log", true, 0) + "]");
        assertThat(s).isEqualTo(new PodTable.Summary("2/2", "Running", "0"));
    }

    @Test
    void runningButNotReadyContainerIsNotCounted() {
        var s = summary(TWO_CONTAINERS, "\"phase\":\"Running\",\"containerStatuses\":["
                + running("app", true, 0) + "," + running("log", false, 0) + "]");
        assertThat(s.ready()).isEqualTo("1/2");
        assertThat(s.status()).isEqualTo("Running");
    }

    @Test
    void pendingPodWithoutStatusesShowsPhase() {
        var s = summary(ONE_CONTAINER, "\"phase\":\"Pending\"");
        assertThat(s).isEqualTo(new PodTable.Summary("0/1", "Pending", "0"));
    }

    @Test
    void waitingReasonsReplaceThePhase() {
        for (String reason : List.of("ContainerCreating", "ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff",
                "CreateContainerConfigError")) {
            var s = summary(ONE_CONTAINER, "\"phase\":\"Pending\",\"containerStatuses\":[{\"name\":\"app\","
                    + "\"ready\":false,\"restartCount\":0,\"state\":{\"waiting\":{\"reason\":\"" + reason + "\"}}}]");
            assertThat(s.status()).as(reason).isEqualTo(reason);
        }
    }

    @Test
    void crashLoopShowsRestartsWithTimeSinceLastTermination() {
        var s = summary(ONE_CONTAINER, "\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"app\","
                + "\"ready\":false,\"restartCount\":5,\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}},"
                + "\"lastState\":{\"terminated\":{\"exitCode\":1,\"reason\":\"Error\",\"finishedAt\":\""
                + ago(300) + "\"}}}]");
        assertThat(s).isEqualTo(new PodTable.Summary("0/1", "CrashLoopBackOff", "5 (5m ago)"));
    }

    @Test
    void restartsSumOverContainersAndUseTheLatestTermination() {
        String a = "{\"name\":\"app\",\"ready\":true,\"restartCount\":2,\"state\":{\"running\":{}},"
                + "\"lastState\":{\"terminated\":{\"exitCode\":1,\"finishedAt\":\"" + ago(7200) + "\"}}}";
        String b = "{\"name\":\"log\",\"ready\":true,\"restartCount\":1,\"state\":{\"running\":{}},"
                + "\"lastState\":{\"terminated\":{\"exitCode\":1,\"finishedAt\":\"" + ago(150) + "\"}}}";
        var s = summary(TWO_CONTAINERS, "\"phase\":\"Running\",\"containerStatuses\":[" + a + "," + b + "]");
        assertThat(s).isEqualTo(new PodTable.Summary("2/2", "Running", "3 (2m30s ago)"));
    }

    @Test
    void restartsWithoutLastTerminationHaveNoSuffix() {
        var s = summary(ONE_CONTAINER, "\"phase\":\"Running\",\"containerStatuses\":[" + running("app", true, 3) + "]");
        assertThat(s.restarts()).isEqualTo("3");
    }

    @Test
    void terminatedReasonsReplaceThePhase() {
        for (String reason : List.of("OOMKilled", "Error", "ContainerCannotRun")) {
            var s = summary(ONE_CONTAINER, "\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"app\","
                    + "\"ready\":false,\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":137,\"reason\":\""
                    + reason + "\"}}}]");
            assertThat(s.status()).as(reason).isEqualTo(reason);
        }
    }

    @Test
    void terminatedWithoutReasonShowsExitCodeOrSignal() {
        var exit = summary(ONE_CONTAINER, "\"phase\":\"Failed\",\"containerStatuses\":[{\"name\":\"app\","
                + "\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":2}}}]");
        assertThat(exit.status()).isEqualTo("ExitCode:2");
        var signal = summary(ONE_CONTAINER, "\"phase\":\"Failed\",\"containerStatuses\":[{\"name\":\"app\","
                + "\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":137,\"signal\":9}}}]");
        assertThat(signal.status()).isEqualTo("Signal:9");
    }

    @Test
    void succeededPodShowsCompleted() {
        var s = summary(ONE_CONTAINER, "\"phase\":\"Succeeded\",\"containerStatuses\":[{\"name\":\"app\","
                + "\"ready\":false,\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":0,"
                + "\"reason\":\"Completed\"}}}]");
        assertThat(s).isEqualTo(new PodTable.Summary("0/1", "Completed", "0"));
    }

    @Test
    void firstContainerDecidesTheReason() {
        String first = "{\"name\":\"app\",\"ready\":false,\"restartCount\":0,"
                + "\"state\":{\"waiting\":{\"reason\":\"ImagePullBackOff\"}}}";
        String second = "{\"name\":\"log\",\"ready\":false,\"restartCount\":0,"
                + "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}}";
        var s = summary(TWO_CONTAINERS, "\"phase\":\"Pending\",\"containerStatuses\":[" + first + "," + second + "]");
        assertThat(s.status()).isEqualTo("ImagePullBackOff");
    }

    @Test
    void completedContainerNextToARunningOneIsRunningOrNotReady() {
        String done = "{\"name\":\"app\",\"ready\":false,\"restartCount\":0,"
                + "\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\"}}}";
        String statuses = "\"containerStatuses\":[" + done + "," + running("log", true, 0) + "]";
        var ready = summary(TWO_CONTAINERS, "\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\","
                + "\"status\":\"True\"}]," + statuses);
        assertThat(ready).isEqualTo(new PodTable.Summary("1/2", "Running", "0"));
        var notReady = summary(TWO_CONTAINERS, "\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\","
                + "\"status\":\"False\"}]," + statuses);
        assertThat(notReady.status()).isEqualTo("NotReady");
    }

    private static final String TWO_INIT = "\"initContainers\":[{\"name\":\"init-a\",\"image\":\"busybox\"},"
            + "{\"name\":\"init-b\",\"image\":\"busybox\"}]," + ONE_CONTAINER;

    @Test
    void runningInitContainerShowsProgress() {
        var first = summary(TWO_INIT, "\"phase\":\"Pending\",\"initContainerStatuses\":["
                + "{\"name\":\"init-a\",\"restartCount\":0,\"state\":{\"running\":{}}},"
                + "{\"name\":\"init-b\",\"restartCount\":0,\"state\":{\"waiting\":{\"reason\":\"PodInitializing\"}}}],"
                + "\"containerStatuses\":[{\"name\":\"app\",\"restartCount\":0,"
                + "\"state\":{\"waiting\":{\"reason\":\"PodInitializing\"}}}]");
        assertThat(first).isEqualTo(new PodTable.Summary("0/1", "Init:0/2", "0"));
        var second = summary(TWO_INIT, "\"phase\":\"Pending\",\"initContainerStatuses\":["
                + "{\"name\":\"init-a\",\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":0,"
                + "\"reason\":\"Completed\"}}},"
                + "{\"name\":\"init-b\",\"restartCount\":0,\"state\":{\"running\":{}}}]");
        assertThat(second.status()).isEqualTo("Init:1/2");
    }

    @Test
    void failingInitContainerShowsItsReason() {
        var crash = summary(TWO_INIT, "\"phase\":\"Pending\",\"initContainerStatuses\":["
                + "{\"name\":\"init-a\",\"restartCount\":3,\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}},"
                + "\"lastState\":{\"terminated\":{\"exitCode\":1,\"finishedAt\":\"" + ago(150) + "\"}}}]");
        assertThat(crash).isEqualTo(new PodTable.Summary("0/1", "Init:CrashLoopBackOff", "3 (2m30s ago)"));
        var error = summary(TWO_INIT, "\"phase\":\"Pending\",\"initContainerStatuses\":["
                + "{\"name\":\"init-a\",\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":1,"
                + "\"reason\":\"Error\"}}}]");
        assertThat(error.status()).isEqualTo("Init:Error");
        var exitCode = summary(TWO_INIT, "\"phase\":\"Pending\",\"initContainerStatuses\":["
                + "{\"name\":\"init-a\",\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":3}}}]");
        assertThat(exitCode.status()).isEqualTo("Init:ExitCode:3");
        var signal = summary(TWO_INIT, "\"phase\":\"Pending\",\"initContainerStatuses\":["
                + "{\"name\":\"init-a\",\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":137,"
                + "\"signal\":9}}}]");
        assertThat(signal.status()).isEqualTo("Init:Signal:9");
    }

    @Test
    void initializedPodLooksAtItsMainContainers() {
        // Once Initialized is True the main containers decide, and only their restarts count.
        var s = summary(TWO_INIT, "\"phase\":\"Running\",\"conditions\":[{\"type\":\"Initialized\","
                + "\"status\":\"True\"}],\"initContainerStatuses\":[{\"name\":\"init-a\",\"restartCount\":1,"
                + "\"state\":{\"terminated\":{\"exitCode\":1,\"reason\":\"Error\"}}}],"
                + "\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":2,"
                + "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}}]");
        assertThat(s).isEqualTo(new PodTable.Summary("0/1", "CrashLoopBackOff", "2"));
    }

    @Test
    void sidecarCountsAsAContainerAndItsRestartsCount() {
        String spec = "\"initContainers\":[{\"name\":\"proxy\",\"image\":\"envoy\",\"restartPolicy\":\"Always\"}],"
                + ONE_CONTAINER;
        var s = summary(spec, "\"phase\":\"Running\",\"conditions\":[{\"type\":\"Initialized\",\"status\":\"True\"}],"
                + "\"initContainerStatuses\":[{\"name\":\"proxy\",\"ready\":true,\"started\":true,\"restartCount\":2,"
                + "\"state\":{\"running\":{}},\"lastState\":{\"terminated\":{\"exitCode\":1,\"finishedAt\":\""
                + ago(3600) + "\"}}}],\"containerStatuses\":[" + running("app", true, 0) + "]");
        assertThat(s).isEqualTo(new PodTable.Summary("2/2", "Running", "2 (60m ago)"));
    }

    @Test
    void deletionTimestampMeansTerminatingUnlessFinished() {
        String deleting = ",\"deletionTimestamp\":\"" + ago(5) + "\"";
        var running = summary(deleting, ONE_CONTAINER, "\"phase\":\"Running\",\"containerStatuses\":["
                + running("app", true, 0) + "]");
        assertThat(running.status()).isEqualTo("Terminating");
        var done = summary(deleting, ONE_CONTAINER, "\"phase\":\"Succeeded\",\"containerStatuses\":[{\"name\":"
                + "\"app\",\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\"}}}]");
        assertThat(done.status()).isEqualTo("Completed");
        var lost = summary(deleting, ONE_CONTAINER, "\"phase\":\"Running\",\"reason\":\"NodeLost\"");
        assertThat(lost.status()).isEqualTo("Unknown");
    }

    @Test
    void podReasonReplacesThePhase() {
        var s = summary(ONE_CONTAINER, "\"phase\":\"Failed\",\"reason\":\"Evicted\","
                + "\"message\":\"The node was low on resource: memory.\"");
        assertThat(s.status()).isEqualTo("Evicted");
    }

    @Test
    void schedulingGatedPod() {
        var s = summary(ONE_CONTAINER, "\"phase\":\"Pending\",\"conditions\":[{\"type\":\"PodScheduled\","
                + "\"status\":\"False\",\"reason\":\"SchedulingGated\"}]");
        assertThat(s.status()).isEqualTo("SchedulingGated");
    }

    @Test
    void widePodColumns() {
        JsonNode pod = json("{\"metadata\":{\"name\":\"web-0\",\"creationTimestamp\":\"" + Tables.CREATED + "\"},"
                + "\"spec\":{\"nodeName\":\"node-1\",\"readinessGates\":[{\"conditionType\":\"example.com/a\"},"
                + "{\"conditionType\":\"example.com/b\"}]," + ONE_CONTAINER + "},"
                + "\"status\":{\"phase\":\"Running\",\"podIP\":\"10.244.0.5\",\"podIPs\":[{\"ip\":\"10.244.0.5\"},"
                + "{\"ip\":\"fd00::5\"}],\"conditions\":[{\"type\":\"example.com/a\",\"status\":\"True\"},"
                + "{\"type\":\"example.com/b\",\"status\":\"False\"}],\"containerStatuses\":["
                + running("app", true, 0) + "]}}");
        assertThat(Tables.cells("", "pods", pod)).containsExactly(
                "web-0", "1/1", "Running", "0", "3d2h", "10.244.0.5", "node-1", "<none>", "1/2");
        JsonNode pending = json("{\"metadata\":{\"name\":\"p\",\"creationTimestamp\":\"" + Tables.CREATED + "\"},"
                + "\"spec\":{" + ONE_CONTAINER + "},\"status\":{\"phase\":\"Pending\",\"nominatedNodeName\":\"n2\"}}");
        assertThat(Tables.cells("", "pods", pending)).containsExactly(
                "p", "0/1", "Pending", "0", "3d2h", "<none>", "<none>", "n2", "<none>");
    }

    @Test
    void rowConditionsMarkFinishedPods() {
        assertThat(PodTable.rowConditions(json("{\"status\":{\"phase\":\"Succeeded\"}}")))
                .containsExactly(new RowCondition("Completed", "True", "Succeeded", "The pod has completed successfully."));
        assertThat(PodTable.rowConditions(json("{\"status\":{\"phase\":\"Failed\"}}")))
                .containsExactly(new RowCondition("Completed", "True", "Failed", "The pod failed."));
        assertThat(PodTable.rowConditions(json("{\"status\":{\"phase\":\"Running\"}}"))).isEmpty();
    }
}
