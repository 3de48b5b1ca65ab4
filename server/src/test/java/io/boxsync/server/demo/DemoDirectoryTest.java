package io.boxsync.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDirectoryTest {
    @TempDir
    Path temp;

    @Test
    void freshDeletesADemoDirectoryWithEverythingInIt() throws IOException {
        Path dir = temp.resolve("demo");
        Files.createDirectories(dir.resolve("boxsync/postgres"));
        Files.writeString(dir.resolve(DemoDirectory.MARKER), "jira.port=1234\n");
        Files.writeString(dir.resolve("boxsync/postgres/PG_VERSION"), "17\n");

        DemoDirectory.wipe(dir);

        assertThat(dir).doesNotExist();
    }

    @Test
    void freshRefusesADirectoryWithoutTheDemoMarkerAndDeletesNothing() throws IOException {
        Path dir = temp.resolve("home");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("thesis.tex"), "precious");

        assertThatThrownBy(() -> DemoDirectory.wipe(dir))
                .isInstanceOf(DemoDirectory.NotADemoDirectoryException.class)
                .hasMessageContaining("not a demo directory");
        assertThat(dir.resolve("thesis.tex")).hasContent("precious");
    }

    @Test
    void freshAcceptsAMissingOrEmptyDirectory() throws IOException {
        DemoDirectory.wipe(temp.resolve("missing"));
        Path empty = Files.createDirectories(temp.resolve("empty"));

        DemoDirectory.wipe(empty);

        assertThat(empty).doesNotExist();
    }
}
