package dev.bazaar.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A config section is read strictly: unknown keys and wrong types stop start-up with one line that names them. */
class ConfigReaderTest {

  private static final Set<String> KEYS = Set.of("name", "size", "ratio", "on", "waitMillis", "tags", "keys", "nested");

  @Test
  void anUnknownKeyIsRefusedInOneLineThatNamesItAndTheKnownKeys() {
    JsonObject misspelt = new JsonObject().put("name", "x").put("sizee", 3);

    assertThatThrownBy(() -> ConfigReader.of("test", misspelt, KEYS))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("unknown key 'sizee' in the test configuration; known keys: keys, name, nested, on, ratio, size, "
        + "tags, waitMillis");
  }

  @Test
  void presentValuesAreReadAndAbsentOnesFallBack() {
    JsonObject json = new JsonObject().put("name", "n").put("size", 7).put("ratio", 2.5).put("on", true)
      .put("waitMillis", 1500).put("tags", new JsonArray().add("a").add("b"))
      .put("keys", new JsonArray().add(new JsonObject().put("k", 1)))
      .put("nested", new JsonObject().put("inner", 1));
    ConfigReader config = ConfigReader.of("test", json, KEYS);

    assertThat(config.string("name", "d")).isEqualTo("n");
    assertThat(config.integer("size", 1)).isEqualTo(7);
    assertThat(config.number("ratio", 1)).isEqualTo(2.5);
    assertThat(config.bool("on", false)).isTrue();
    assertThat(config.millis("waitMillis", Duration.ZERO)).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.strings("tags")).containsExactly("a", "b");
    assertThat(config.objects("keys")).containsExactly(new JsonObject().put("k", 1));
    assertThat(config.<Integer>section("nested", nested -> nested.getInteger("inner"))).isEqualTo(1);
    assertThat(config.has("name")).isTrue();

    ConfigReader empty = ConfigReader.of("test", null, KEYS);
    assertThat(empty.string("name", "d")).isEqualTo("d");
    assertThat(empty.integer("size", 1)).isEqualTo(1);
    assertThat(empty.number("ratio", 1.5)).isEqualTo(1.5);
    assertThat(empty.bool("on", true)).isTrue();
    assertThat(empty.millis("waitMillis", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(empty.strings("tags")).isEmpty();
    assertThat(empty.objects("keys")).isEmpty();
    assertThat(empty.<String>section("nested", nested -> "read")).isNull();
    assertThat(empty.has("name")).isFalse();
  }

  @Test
  void falseIsReadAsFalseAndAFalseFallbackStaysFalse() {
    assertThat(ConfigReader.of("test", new JsonObject().put("on", false), KEYS).bool("on", true)).isFalse();
    assertThat(ConfigReader.of("test", null, KEYS).bool("on", false)).isFalse();
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedInOneLine() {
    ConfigReader config = ConfigReader.of("test", new JsonObject().put("size", "big").put("on", "yes")
      .put("tags", new JsonArray().add(1)).put("keys", new JsonArray().add("k")).put("nested", 3), KEYS);

    assertThatThrownBy(() -> config.integer("size", 1)).hasMessage("test configuration: size must be a number");
    assertThatThrownBy(() -> config.bool("on", false)).hasMessage("test configuration: on must be true or false");
    assertThatThrownBy(() -> config.strings("tags")).hasMessage("test configuration: tags must be a list of strings");
    assertThatThrownBy(() -> config.objects("keys")).hasMessage("test configuration: keys must be a list of objects");
    assertThatThrownBy(() -> config.section("nested", n -> n)).hasMessage("test configuration: nested must be an object");
    assertThatThrownBy(() -> config.require(false, "size", "at least 1")).hasMessage("test configuration: size must be at least 1");
  }

  @Test
  void aDatabaseConfigRoundTripsAndRefusesWhatItCannotUse() {
    DatabaseConfig config = new DatabaseConfig("postgresql://shop@db:5432/bazaar", 12);

    assertThat(DatabaseConfig.from(config.toJson())).isEqualTo(config);
    assertThat(DatabaseConfig.from(new JsonObject().put("uri", "postgresql://db/x")).poolSize())
      .isEqualTo(DatabaseConfig.DEFAULT_POOL_SIZE);
    assertThatThrownBy(() -> DatabaseConfig.from(config.toJson().put("pool_size", 3))).hasMessageContaining("'pool_size'");
    assertThatThrownBy(() -> DatabaseConfig.from(new JsonObject())).hasMessage("database configuration: uri must be a PostgreSQL URI");
    assertThatThrownBy(() -> DatabaseConfig.from(config.toJson().put("poolSize", 0)))
      .hasMessage("database configuration: poolSize must be at least 1");
    assertThat(List.of(config.toJson().fieldNames().toArray())).containsExactlyInAnyOrder("uri", "poolSize");
  }
}
