package dev.bazaar.web.auth;

import dev.bazaar.platform.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AccessControl} in front of the operations of a small contract, over HTTP without the rest of the shop: what
 * each kind of caller is told, and who the handlers after it see.
 */
@ExtendWith(VertxExtension.class)
class AccessGateTest {

  private static final String CHALLENGE = "Bearer realm=\"bazaar\"";

  private static KeyPair key;
  private static OpenAPIContract contract;
  private HttpServer server;
  private WebClient http;

  @BeforeAll
  static void keyAndContract(Vertx vertx) {
    key = Jws.ec("secp256r1");
    contract = OpenAPIContract.from(vertx, contract()).await();
  }

  /** The gates are built for each test rather than once, so that mutation testing sees which test builds them. */
  @BeforeEach
  void start(Vertx vertx) {
    AccessControl access = new AccessControl(new TokenVerifier(vertx, new AuthConfig(Jws.ISSUER, Jws.AUDIENCE,
      Duration.ofHours(1), Duration.ZERO, List.of(Jwks.fromPem(Jws.pem(key.getPublic()), "k1")))));
    Router router = Router.router(vertx);
    for (String operation : List.of("publicRead", "undeclared", "optionalSignIn", "anySignedIn", "staffOnly", "staffOrApiKey")) {
      router.get("/" + operation)
        .handler(access.forOperation(contract.operation(operation)))
        .handler(rc -> {
          Caller caller = Caller.of(rc);
          rc.json(new JsonObject().put("subject", caller.subject()).put("roles", new JsonArray(List.copyOf(caller.roles()))));
        });
    }
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
  }

  @AfterEach
  void stop() {
    server.close().await();
  }

  @Test
  void publicOperationsPassWithoutATokenAsAnonymous() {
    for (String operation : List.of("publicRead", "undeclared", "optionalSignIn")) {
      HttpResponse<Buffer> response = get(operation, null);
      assertThat(response.statusCode()).as(operation).isEqualTo(200);
      assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().putNull("subject").put("roles", new JsonArray()));
    }
  }

  @Test
  void theCallerOfAValidTokenIsAttachedForTheHandlersAfter() {
    String token = "Bearer " + Jws.es256(key, "k1", Jws.claims("alice", "customer"));
    JsonObject alice = new JsonObject().put("subject", "alice").put("roles", new JsonArray().add("customer"));

    assertThat(get("publicRead", token).bodyAsJsonObject()).isEqualTo(alice);
    assertThat(get("anySignedIn", token).bodyAsJsonObject()).isEqualTo(alice);
    assertThat(get("optionalSignIn", token).bodyAsJsonObject()).isEqualTo(alice);
  }

  @Test
  void theSchemeIsMatchedWithoutRegardToCaseAndTheTokenIsTrimmed() {
    String token = Jws.es256(key, "k1", Jws.claims("alice", "staff"));

    assertThat(get("staffOnly", "bearer " + token).statusCode()).isEqualTo(200);
    assertThat(get("staffOnly", "BEARER   " + token + "  ").statusCode()).isEqualTo(200);
  }

  @Test
  void operationsThatNeedATokenAre401WithABareChallengeWithoutOne() {
    for (String operation : List.of("anySignedIn", "staffOnly")) {
      HttpResponse<Buffer> response = get(operation, null);
      assertProblem(response, 401, "This operation needs a bearer token.");
      assertThat(response.getHeader("WWW-Authenticate")).isEqualTo(CHALLENGE);
    }
  }

  @Test
  void anotherSchemeIsAnInvalidRequestEvenOnAPublicOperation() {
    for (String operation : List.of("publicRead", "staffOnly")) {
      HttpResponse<Buffer> response = get(operation, "Basic YWRtaW46YWRtaW4=");
      assertProblem(response, 401, "Send the token as 'Authorization: Bearer <token>'.");
      assertThat(response.getHeader("WWW-Authenticate")).isEqualTo(CHALLENGE + ", error=\"invalid_request\"");
    }
  }

  @Test
  void anInvalidTokenIs401WithItsReasonEvenOnAPublicOperation() {
    for (String operation : List.of("publicRead", "staffOnly")) {
      HttpResponse<Buffer> response = get(operation, "Bearer " + Jws.es256(key, "k2", Jws.claims("alice", "staff")));
      assertProblem(response, 401, "The token was signed with an unknown key.");
      assertThat(response.getHeader("WWW-Authenticate")).isEqualTo(CHALLENGE + ", error=\"invalid_token\"");
    }
    assertProblem(get("publicRead", "Bearer x.y"), 401, "The token is not a JWT.");
  }

  @Test
  void aTokenWhoseHeaderNamesNoAlgorithmIs401NotAServerError() {
    String token = Jws.sign(key, new JsonObject().put("typ", "JWT").put("kid", "k1"), Jws.claims("alice", "staff"));

    assertProblem(get("publicRead", "Bearer " + token), 401, "Tokens must be signed with RS256 or ES256.");
  }

  @Test
  void aCallerWithoutOneOfTheRolesIs403NamingThem() {
    assertProblem(get("staffOnly", "Bearer " + Jws.es256(key, "k1", Jws.claims("alice", "customer"))), 403,
      "This operation needs the role staff or auditor.");
    assertProblem(get("staffOnly", "Bearer " + Jws.es256(key, "k1", Jws.claims("alice"))), 403,
      "This operation needs the role staff or auditor.");
    assertThat(get("staffOnly", "Bearer " + Jws.es256(key, "k1", Jws.claims("bob", "customer", "auditor")))
      .bodyAsJsonObject().getString("subject")).isEqualTo("bob");
  }

  @Test
  void requirementsOfOtherSchemesAreLeftOutOfTheRoles() {
    assertProblem(get("staffOrApiKey", null), 401, "This operation needs a bearer token.");
    assertProblem(get("staffOrApiKey", "Bearer " + Jws.es256(key, "k1", Jws.claims("alice", "customer"))), 403,
      "This operation needs the role staff.");
    assertThat(get("staffOrApiKey", "Bearer " + Jws.es256(key, "k1", Jws.claims("bob", "staff"))).statusCode()).isEqualTo(200);
  }

  @Test
  void anyValidTokenWillDoWhereTheRequirementListsNoRoles() {
    HttpResponse<Buffer> response = get("anySignedIn", "Bearer " + Jws.es256(key, "k1", Jws.claims("carol")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("subject")).isEqualTo("carol");
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String detail) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo(Problem.CONTENT_TYPE);
    assertThat(response.bodyAsJsonObject().getString("detail")).isEqualTo(detail);
  }

  private HttpResponse<Buffer> get(String operation, String authorization) {
    HttpRequest<Buffer> request = http.get("/" + operation).timeout(5_000);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return request.send().await();
  }

  /**
   * Public with {@code security: []}, public for saying nothing, public with optional sign-in ({@code [{}, ...]}), any signed-in caller, staff or auditors only, and
   * staff by bearer token or anyone with an API key (a scheme access control does not check).
   */
  private static JsonObject contract() {
    JsonObject ok = new JsonObject().put("200", new JsonObject().put("description", "ok"));
    return new JsonObject()
      .put("openapi", "3.1.0")
      .put("info", new JsonObject().put("title", "gates").put("version", "1"))
      .put("components", new JsonObject().put("securitySchemes", new JsonObject()
        .put("bearerAuth", new JsonObject().put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT"))
        .put("apiKey", new JsonObject().put("type", "apiKey").put("in", "header").put("name", "X-Api-Key"))))
      .put("paths", new JsonObject()
        .put("/publicRead", path(operation("publicRead", ok).put("security", new JsonArray())))
        .put("/undeclared", path(operation("undeclared", ok)))
        .put("/optionalSignIn", path(operation("optionalSignIn", ok).put("security", new JsonArray()
          .add(new JsonObject()).add(new JsonObject().put("bearerAuth", new JsonArray().add("staff"))))))
        .put("/anySignedIn", path(operation("anySignedIn", ok).put("security", new JsonArray()
          .add(new JsonObject().put("bearerAuth", new JsonArray())))))
        .put("/staffOnly", path(operation("staffOnly", ok).put("security", new JsonArray()
          .add(new JsonObject().put("bearerAuth", new JsonArray().add("staff").add("auditor"))))))
        .put("/staffOrApiKey", path(operation("staffOrApiKey", ok).put("security", new JsonArray()
          .add(new JsonObject().put("apiKey", new JsonArray()))
          .add(new JsonObject().put("bearerAuth", new JsonArray().add("staff")))))));
  }

  private static JsonObject operation(String id, JsonObject responses) {
    return new JsonObject().put("operationId", id).put("responses", responses);
  }

  private static JsonObject path(JsonObject get) {
    return new JsonObject().put("get", get);
  }
}
