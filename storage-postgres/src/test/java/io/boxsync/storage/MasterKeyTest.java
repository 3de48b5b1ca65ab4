package io.boxsync.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeyTest {
    @TempDir
    Path dataDir;

    @Test
    void theKeyFileIsCreatedOnFirstStartOwnerOnlyAndReusedAfterwards() throws Exception {
        byte[] first = MasterKey.resolve(Map.of(), dataDir);
        Path file = dataDir.resolve("master.key");
        assertThat(first).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(MasterKey.resolve(Map.of(), dataDir)).isEqualTo(first);
        try (var leftovers = Files.list(dataDir)) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void theEnvironmentVariableWinsOverTheFile() {
        String key = MasterKey.generate();
        byte[] resolved = MasterKey.resolve(Map.of("BOXSYNC_MASTER_KEY", key), dataDir);
        assertThat(resolved).isEqualTo(java.util.Base64.getDecoder().decode(key));
        assertThat(dataDir.resolve("master.key")).doesNotExist();
    }

    @Test
    void aMalformedKeyIsRefusedWithItsSource() throws Exception {
        assertThatThrownBy(() -> MasterKey.resolve(Map.of("BOXSYNC_MASTER_KEY", "not base64!"), dataDir))
                .hasMessageContaining("BOXSYNC_MASTER_KEY").hasMessageContaining("base64");
        assertThatThrownBy(() -> MasterKey.resolve(Map.of("BOXSYNC_MASTER_KEY", "c2hvcnQ="), dataDir))
                .hasMessageContaining("32 bytes");
        Files.writeString(dataDir.resolve("master.key"), "c2hvcnQ=\n");
        assertThatThrownBy(() -> MasterKey.resolve(Map.of(), dataDir)).hasMessageContaining("master.key");
    }
}
