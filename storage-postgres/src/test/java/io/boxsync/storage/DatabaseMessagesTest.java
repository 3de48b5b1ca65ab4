package io.boxsync.storage;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseMessagesTest {

    @Test
    void aPasswordInTheUrlIsMasked() {
        assertThat(Database.withoutPassword("jdbc:postgresql://h/db?user=a&password=secret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=****&ssl=true");
        assertThat(Database.withoutPassword("jdbc:postgresql://h/db?PASSWORD=secret"))
                .isEqualTo("jdbc:postgresql://h/db?PASSWORD=****");
        assertThat(Database.withoutPassword("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void theMessageIsTheFirstLineOfTheRootCause() {
        Exception wrapped = new RuntimeException("outer", new SQLException("FATAL: password authentication failed\n"
                + "  Detail: more"));
        assertThat(Database.oneLine(wrapped)).isEqualTo("FATAL: password authentication failed");
        assertThat(Database.oneLine(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
