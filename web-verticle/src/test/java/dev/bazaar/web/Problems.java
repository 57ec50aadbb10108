package dev.bazaar.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** What every error answer must look like: an RFC 9457 problem with nothing of our insides in it. */
final class Problems {

  private Problems() {
  }

  static JsonObject assertProblem(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).isNotBlank();
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
    assertLeaksNothing(response.bodyAsString());
    return problem;
  }

  static void assertLeaksNothing(String body) {
    assertThat(body)
      .doesNotContain("Exception")
      .doesNotContain("\tat ")
      .doesNotContain("dev.bazaar")
      .doesNotContain("io.vertx")
      .doesNotContain("bazaar.catalog")
      .doesNotContain("bazaar.shipping")
      .doesNotContainIgnoringCase("select ")
      .doesNotContainIgnoringCase("insert into");
  }
}
