package dev.bazaar.contracts.catalog;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** A catalog search: every filter is optional; pages count from 1. */
@DataObject
@JsonGen(publicConverter = false)
public class ProductQuery {

  public static final int DEFAULT_SIZE = 20;
  public static final int MAX_SIZE = 100;

  private String text;
  private String category;
  private Long minPrice;
  private Long maxPrice;
  private ProductSort sort = ProductSort.NAME;
  private int page = 1;
  private int size = DEFAULT_SIZE;

  public ProductQuery() {
  }

  public ProductQuery(JsonObject json) {
    ProductQueryConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    ProductQueryConverter.toJson(this, json);
    return json;
  }

  /** Words to find in the name or description, case-insensitively. */
  public String getText() {
    return text;
  }

  public ProductQuery setText(String text) {
    this.text = text;
    return this;
  }

  public String getCategory() {
    return category;
  }

  public ProductQuery setCategory(String category) {
    this.category = category;
    return this;
  }

  /** Lowest price in minor units, inclusive. */
  public Long getMinPrice() {
    return minPrice;
  }

  public ProductQuery setMinPrice(Long minPrice) {
    this.minPrice = minPrice;
    return this;
  }

  /** Highest price in minor units, inclusive. */
  public Long getMaxPrice() {
    return maxPrice;
  }

  public ProductQuery setMaxPrice(Long maxPrice) {
    this.maxPrice = maxPrice;
    return this;
  }

  public ProductSort getSort() {
    return sort;
  }

  public ProductQuery setSort(ProductSort sort) {
    this.sort = sort;
    return this;
  }

  public int getPage() {
    return page;
  }

  public ProductQuery setPage(int page) {
    this.page = page;
    return this;
  }

  public int getSize() {
    return size;
  }

  public ProductQuery setSize(int size) {
    this.size = size;
    return this;
  }
}
