package io.boxsync.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.boxsync.connector.Secret;
import org.junit.jupiter.api.Test;

class AuthenticationTest {

    @Test
    void basic_encodes_login_and_secret_as_rfc_7617_says() {
        Authentication auth = Authentication.basic("Aladdin", Secret.of("open sesame"));

        assertThat(auth.headerName()).isEqualTo("Authorization");
        assertThat(auth.headerValue()).isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    @Test
    void bearer_and_custom_headers_carry_the_token() {
        assertThat(Authentication.bearer(Secret.of("pat-1")).headerValue()).isEqualTo("Bearer pat-1");
        Authentication redmine = Authentication.header("X-Redmine-API-Key", Secret.of("k"));
        assertThat(redmine.headerName()).isEqualTo("X-Redmine-API-Key");
        assertThat(redmine.headerValue()).isEqualTo("k");
    }

    @Test
    void no_authentication_shows_its_secret_in_to_string() {
        assertThat(Authentication.basic("a", Secret.of("s3cr3t")).toString()).doesNotContain("s3cr3t")
                .doesNotContain(Authentication.basic("a", Secret.of("s3cr3t")).headerValue().substring(6));
        assertThat(Authentication.bearer(Secret.of("s3cr3t")).toString()).doesNotContain("s3cr3t");
    }

    @Test
    void a_custom_header_needs_a_name() {
        assertThatThrownBy(() -> Authentication.header(" ", Secret.of("k"))).isInstanceOf(IllegalArgumentException.class);
    }
}
