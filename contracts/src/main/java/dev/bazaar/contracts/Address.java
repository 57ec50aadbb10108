package dev.bazaar.contracts;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** Where a parcel goes: a person's name and a postal address, with an ISO 3166-1 alpha-2 country such as DE. */
@DataObject
@JsonGen(publicConverter = false)
public class Address {

  private String name;
  private String line1;
  private String line2;
  private String city;
  private String postalCode;
  private String country;

  public Address() {
  }

  public Address(JsonObject json) {
    AddressConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    AddressConverter.toJson(this, json);
    return json;
  }

  public String getName() {
    return name;
  }

  public Address setName(String name) {
    this.name = name;
    return this;
  }

  public String getLine1() {
    return line1;
  }

  public Address setLine1(String line1) {
    this.line1 = line1;
    return this;
  }

  /** Optional. */
  public String getLine2() {
    return line2;
  }

  public Address setLine2(String line2) {
    this.line2 = line2;
    return this;
  }

  public String getCity() {
    return city;
  }

  public Address setCity(String city) {
    this.city = city;
    return this;
  }

  public String getPostalCode() {
    return postalCode;
  }

  public Address setPostalCode(String postalCode) {
    this.postalCode = postalCode;
    return this;
  }

  /** ISO 3166-1 alpha-2, upper case. */
  public String getCountry() {
    return country;
  }

  public Address setCountry(String country) {
    this.country = country;
    return this;
  }
}
