package dev.jube.store.embedded;

import dev.jube.store.StoreException;
import java.nio.file.Path;

/** Child JVM main: tries to open a store and prints the outcome. */
public final class SecondOpener {

    private SecondOpener() {}

    public static void main(String[] args) {
        try (EmbeddedStore store = EmbeddedStore.open(Path.of(args[0]))) {
            System.out.println("OPENED revision=" + store.currentRevision());
        } catch (StoreException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
    }
}
