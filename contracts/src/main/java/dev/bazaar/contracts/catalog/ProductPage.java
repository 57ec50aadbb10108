package dev.bazaar.contracts.catalog;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** One page of search results and the total number of matches across all pages. */
@DataObject
@JsonGen(publicConverter = false)
public class ProductPage {

  private List<Product> items = new ArrayList<>();
  private int page;
  private int size;
  private long total;

  public ProductPage() {
  }

  public ProductPage(JsonObject json) {
    ProductPageConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    ProductPageConverter.toJson(this, json);
    return json;
  }

  public List<Product> getItems() {
    return items;
  }

  public ProductPage setItems(List<Product> items) {
    this.items = items;
    return this;
  }

  public int getPage() {
    return page;
  }

  public ProductPage setPage(int page) {
    this.page = page;
    return this;
  }

  public int getSize() {
    return size;
  }

  public ProductPage setSize(int size) {
    this.size = size;
    return this;
  }

  public long getTotal() {
    return total;
  }

  public ProductPage setTotal(long total) {
    this.total = total;
    return this;
  }
}
