package dev.bazaar.web.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The auth section: its defaults, its JSON form, and the settings that cannot work. */
class AuthConfigTest {

  private static final JsonObject KEY = new JsonObject().put("kty", "EC").put("crv", "P-256").put("kid", "k1")
    .put("x", "AA").put("y", "AA");
  private static final String TIMES = "auth configuration: maxLifetimeMillis must be positive and leewayMillis not negative";

  @Test
  void onlyTheKeysMustBeGiven() {
    AuthConfig config = AuthConfig.from(new JsonObject().put("jwks", new JsonArray().add(KEY)));

    assertThat(config).isEqualTo(new AuthConfig("bazaar", "bazaar-api", Duration.ofHours(24), Duration.ofSeconds(30),
      List.of(KEY)));
  }

  @Test
  void itsJsonFormNamesEverySetting() {
    AuthConfig config = new AuthConfig("iss", "aud", Duration.ofMinutes(90), Duration.ZERO, List.of(KEY));

    assertThat(config.toJson()).isEqualTo(new JsonObject()
      .put("issuer", "iss")
      .put("audience", "aud")
      .put("maxLifetimeMillis", 5_400_000L)
      .put("leewayMillis", 0L)
      .put("jwks", new JsonArray().add(KEY)));
    assertThat(AuthConfig.from(config.toJson())).isEqualTo(config);
  }

  @Test
  void keysAtAUrlAreNamedWithTheirRefreshInterval() {
    AuthConfig config = AuthConfig.fromUrl("iss", "aud", Duration.ofHours(1), Duration.ZERO, "https://issuer.example/jwks",
      Duration.ofMinutes(5));

    assertThat(config.jwks()).isEmpty();
    assertThat(config.toJson().getString("jwksUrl")).isEqualTo("https://issuer.example/jwks");
    assertThat(config.toJson().getLong("jwksRefreshMillis")).isEqualTo(300_000L);
    assertThat(AuthConfig.from(config.toJson())).isEqualTo(config);
    assertThat(AuthConfig.from(new JsonObject().put("jwksUrl", "https://i.example/k")).jwksRefresh())
      .isEqualTo(AuthConfig.DEFAULT_JWKS_REFRESH).isEqualTo(Duration.ofMinutes(10));
    assertThatThrownBy(() -> AuthConfig.from(config.toJson().put("jwks", new JsonArray().add(KEY))))
      .hasMessage("auth configuration: jwks and jwksUrl cannot be given together");
    assertThatThrownBy(() -> AuthConfig.from(config.toJson().put("jwksRefreshMillis", 0)))
      .hasMessage("auth configuration: jwksRefreshMillis must be positive");
  }

  @Test
  void theKeysAreCopied() {
    List<JsonObject> keys = new ArrayList<>(List.of(KEY));
    AuthConfig config = new AuthConfig("iss", "aud", Duration.ofHours(1), Duration.ZERO, keys);
    keys.clear();

    assertThat(config.jwks()).containsExactly(KEY);
  }

  @Test
  void settingsThatCannotWorkAreRefused() {
    List<JsonObject> keys = List.of(KEY);

    assertThatThrownBy(() -> new AuthConfig("iss", "aud", Duration.ofHours(1), Duration.ZERO, List.of()))
      .isInstanceOf(IllegalArgumentException.class).hasMessage("auth configuration: jwks must hold at least one public key");
    assertThatThrownBy(() -> new AuthConfig("iss", "aud", Duration.ZERO, Duration.ZERO, keys)).hasMessage(TIMES);
    assertThatThrownBy(() -> new AuthConfig("iss", "aud", Duration.ofMillis(-1), Duration.ZERO, keys)).hasMessage(TIMES);
    assertThatThrownBy(() -> new AuthConfig("iss", "aud", Duration.ofHours(1), Duration.ofMillis(-1), keys)).hasMessage(TIMES);
    assertThat(new AuthConfig("iss", "aud", Duration.ofMillis(1), Duration.ZERO, keys).maxLifetime()).hasMillis(1);
  }
}
