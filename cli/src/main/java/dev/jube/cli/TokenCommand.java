package dev.jube.cli;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jube token}: bootstrap tokens that let another host join the cluster as a node. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage bootstrap tokens for joining nodes.",
        subcommands = TokenCommand.Create.class)
public final class TokenCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Mints a token as upstream stores them and prints the command that joins a node with it. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a bootstrap token and print the `jube agent` command that joins a node with it.")
    static final class Create implements Callable<Integer> {

        static final String EXTRA_GROUPS = "system:bootstrappers:jube:default-node-token";
        private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
        private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

        @Option(names = "--ttl", description = "How long the token works, e.g. 24h, 90m; 0 never expires "
                + "(default: ${DEFAULT-VALUE}).")
        String ttl = "24h";

        @Option(names = "--data-dir", description = "The server's data folder, holding the admin kubeconfig "
                + "(default: ~/.jube).")
        Path dataDir = Path.of(System.getProperty("user.home"), ".jube");

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Duration life = parseTtl(ttl);
            Path kubeconfig = dataDir.resolve("kubeconfig");
            if (!Files.isRegularFile(kubeconfig)) {
                spec.commandLine().getErr().println("jube token create: no kubeconfig at " + kubeconfig
                        + "; start `jube server` with this --data-dir first");
                return 1;
            }
            SecureRandom random = new SecureRandom();
            String id = randomString(random, 6);
            String secret = randomString(random, 16);
            Map<String, String> data = new LinkedHashMap<>();
            data.put("token-id", id);
            data.put("token-secret", secret);
            if (!life.isZero()) {
                data.put("expiration", Instant.now().plus(life).truncatedTo(ChronoUnit.SECONDS).toString());
            }
            data.put("usage-bootstrap-authentication", "true");
            data.put("usage-bootstrap-signing", "true");
            data.put("auth-extra-groups", EXTRA_GROUPS);
            data.put("description", "Created by `jube token create`.");
            Map<String, String> encoded = new LinkedHashMap<>();
            data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            Secret object = new SecretBuilder().withNewMetadata().withName("bootstrap-token-" + id)
                    .withNamespace("kube-system").endMetadata()
                    .withType("bootstrap.kubernetes.io/token").withData(encoded).build();
            Config config;
            try {
                config = Config.fromKubeconfig(Files.readString(kubeconfig));
            } catch (IOException e) {
                spec.commandLine().getErr().println("jube token create: cannot read " + kubeconfig + ": " + e.getMessage());
                return 1;
            }
            String hash;
            try {
                hash = CaCertHash.of(caOf(config));
            } catch (CertificateException | RuntimeException e) {
                spec.commandLine().getErr().println("jube token create: " + kubeconfig + " has no readable CA: "
                        + e.getMessage());
                return 1;
            }
            config.setRequestTimeout(20_000);
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                client.secrets().inNamespace("kube-system").resource(object).create();
            } catch (KubernetesClientException e) {
                spec.commandLine().getErr().println("jube token create: cannot create the token at "
                        + config.getMasterUrl() + ": " + e.getMessage());
                return 1;
            }
            String server = config.getMasterUrl().replaceAll("/+$", "");
            spec.commandLine().getOut().println("jube agent --server " + server + " --token " + id + "." + secret
                    + " --ca-cert-hash " + hash);
            return 0;
        }

        private Duration parseTtl(String text) {
            if (text.equals("0")) {
                return Duration.ZERO;
            }
            Matcher m = DURATION.matcher(text);
            if (text.isEmpty() || !m.matches()) {
                throw new ParameterException(spec.commandLine(),
                        "--ttl must be a duration such as 24h, 1h30m or 90s (0 never expires), not '" + text + "'");
            }
            Duration d = Duration.ZERO;
            if (m.group(1) != null) d = d.plusHours(Long.parseLong(m.group(1)));
            if (m.group(2) != null) d = d.plusMinutes(Long.parseLong(m.group(2)));
            if (m.group(3) != null) d = d.plusSeconds(Long.parseLong(m.group(3)));
            if (d.isZero()) {
                throw new ParameterException(spec.commandLine(), "--ttl must be more than 0 or exactly 0, not '" + text + "'");
            }
            return d;
        }

        private static String randomString(SecureRandom random, int length) {
            StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            return sb.toString();
        }
    }

    /** The CA a fabric8 config trusts, from its embedded data or its file. */
    static X509Certificate caOf(Config config) throws CertificateException {
        byte[] pem;
        if (config.getCaCertData() != null) {
            pem = Base64.getDecoder().decode(config.getCaCertData());
        } else if (config.getCaCertFile() != null) {
            try {
                pem = Files.readAllBytes(Path.of(config.getCaCertFile()));
            } catch (IOException e) {
                throw new CertificateException("cannot read " + config.getCaCertFile(), e);
            }
        } else {
            throw new CertificateException("no certificate-authority");
        }
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem));
    }
}
