package dev.jube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void versionNamesJubeAndTheRunningJava() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString())
                .startsWith("jube " + Version.get())
                .contains("java " + Runtime.version().feature());
        assertThat(Version.get()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: jube").contains("Kubernetes, written in Java.").contains("help");
    }

    @Test
    void noArgumentsPrintsUsage() {
        assertThat(run()).isZero();
        assertThat(out.toString()).contains("Usage: jube");
    }

    @Test
    void unknownOptionIsAUsageErrorNamingTheOption() {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }

    @Test
    void theStandaloneComponentsNeedAKubeconfig() {
        assertThat(run("controller-manager")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--kubeconfig=<kubeconfig>'");
        assertThat(run("scheduler")).isEqualTo(2);
    }

    @Test
    void aMissingKubeconfigIsReportedNotThrown() {
        assertThat(run("controller-manager", "--kubeconfig", "no-such-kubeconfig")).isEqualTo(1);
        assertThat(err.toString()).contains("jube controller-manager: cannot read the kubeconfig no-such-kubeconfig");
        assertThat(run("scheduler", "--kubeconfig", "no-such-kubeconfig")).isEqualTo(1);
        assertThat(err.toString()).contains("jube scheduler: cannot read the kubeconfig no-such-kubeconfig");
    }

    @Test
    void helpListsTheStandaloneComponents() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("controller-manager").contains("scheduler");
    }

    @Test
    void everyCommandIsListedAndReachableThroughHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("server").contains("agent").contains("token").contains("images");
        assertThat(run("help", "server")).isZero();
        assertThat(out.toString()).contains("Usage: jube server");
    }

    @Test
    void aCommandGivenFirstKeepsItsFullName() {
        assertThat(run("token", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: jube token").contains("create");
    }

    @Test
    void aMistypedCommandGetsSuggestions() {
        assertThat(run("servr")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument at index 0: 'servr'").contains("jube server");
    }
}
