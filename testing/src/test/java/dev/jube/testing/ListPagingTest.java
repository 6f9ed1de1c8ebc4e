package dev.jube.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** limit/continue over 250 objects: every object exactly once, pages of the asked size, one snapshot. */
class ListPagingTest {

    private static final int OBJECTS = 250;
    private static JubeCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("paging").endMetadata()
                .build()).create();
        var cms = client.configMaps().inNamespace("paging");
        // Created in an order unlike the name order, so the pages cannot simply follow creation.
        IntStream.range(0, OBJECTS).map(i -> (i * 97) % OBJECTS).forEach(i -> cms.resource(configMap(i)).create());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static ConfigMap configMap(int i) {
        return new ConfigMapBuilder().withNewMetadata().withName(String.format("cm-%03d", i))
                .addToLabels("parity", i % 2 == 0 ? "even" : "odd").endMetadata().addToData("i", "" + i).build();
    }

    private static List<ConfigMapList> pages(long limit, String labelSelector, Runnable afterFirstPage) {
        List<ConfigMapList> pages = new ArrayList<>();
        String token = null;
        do {
            var options = new ListOptionsBuilder().withLimit(limit).withContinue(token).withLabelSelector(labelSelector)
                    .build();
            ConfigMapList page = client.configMaps().inNamespace("paging").list(options);
            pages.add(page);
            token = page.getMetadata().getContinue();
            if (pages.size() == 1) {
                afterFirstPage.run();
            }
        } while (token != null && !token.isEmpty());
        return pages;
    }

    private static List<String> names(List<ConfigMapList> pages) {
        return pages.stream().flatMap(p -> p.getItems().stream()).map(c -> c.getMetadata().getName()).toList();
    }

    @Test
    void everyObjectExactlyOnceInPagesOfTheAskedSize() {
        List<ConfigMapList> pages = pages(40, null, () -> { });
        List<String> names = names(pages);
        assertThat(names).hasSize(OBJECTS).doesNotHaveDuplicates();
        assertThat(names).isSorted();
        assertThat(pages).hasSize(7);
        for (ConfigMapList page : pages.subList(0, pages.size() - 1)) {
            assertThat(page.getItems()).hasSize(40);
            assertThat(page.getMetadata().getContinue()).isNotBlank();
        }
        assertThat(pages.getLast().getItems()).hasSize(10);
        // All pages describe the first page's snapshot.
        assertThat(pages).extracting(p -> p.getMetadata().getResourceVersion()).containsOnly(
                pages.getFirst().getMetadata().getResourceVersion());
        assertThat(pages.getFirst().getMetadata().getRemainingItemCount()).isEqualTo(OBJECTS - 40L);
    }

    @Test
    void aLimitAtLeastTheCountGivesOnePageWithoutAContinueToken() {
        ConfigMapList all = client.configMaps().inNamespace("paging")
                .list(new ListOptionsBuilder().withLimit((long) OBJECTS).build());
        assertThat(all.getItems()).hasSize(OBJECTS);
        assertThat(all.getMetadata().getContinue()).isNullOrEmpty();
    }

    @Test
    void pagesWithALabelSelectorHoldOnlyMatchesEachOnce() {
        List<String> names = names(pages(30, "parity=odd", () -> { }));
        assertThat(names).hasSize(OBJECTS / 2).doesNotHaveDuplicates()
                .allSatisfy(n -> assertThat(Integer.parseInt(n.substring(3)) % 2).isEqualTo(1));
    }

    @Test
    void changesAfterTheFirstPageDoNotShowInLaterPages() {
        var cms = client.configMaps().inNamespace("snapshot-free");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("snapshot-free").endMetadata()
                .build()).create();
        for (int i = 0; i < 60; i++) {
            cms.resource(configMap(i)).create();
        }
        Set<String> before = new HashSet<>();
        cms.list().getItems().forEach(c -> before.add(c.getMetadata().getName()));

        List<String> names = new ArrayList<>();
        String token = null;
        int page = 0;
        do {
            ConfigMapList l = cms.list(new ListOptionsBuilder().withLimit(25L).withContinue(token).build());
            l.getItems().forEach(c -> names.add(c.getMetadata().getName()));
            token = l.getMetadata().getContinue();
            if (page++ == 0) {
                cms.resource(configMap(999)).create();   // sorts after every listed name
                cms.withName("cm-059").delete();         // on a later page
            }
        } while (token != null && !token.isEmpty());
        assertThat(names).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(before);
    }
}
