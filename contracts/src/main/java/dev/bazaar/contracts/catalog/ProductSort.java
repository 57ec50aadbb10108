package dev.bazaar.contracts.catalog;

import io.vertx.codegen.annotations.VertxGen;

import java.util.Arrays;
import java.util.Optional;

/** The orders a product search can come back in, each with the name the REST API uses for it. */
@VertxGen
public enum ProductSort {
  NAME("name"),
  NAME_DESC("-name"),
  PRICE("price"),
  PRICE_DESC("-price"),
  NEWEST("-createdAt"),
  OLDEST("createdAt");

  private final String apiName;

  ProductSort(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  public static Optional<ProductSort> fromApiName(String apiName) {
    return Arrays.stream(values()).filter(s -> s.apiName.equals(apiName)).findFirst();
  }
}
