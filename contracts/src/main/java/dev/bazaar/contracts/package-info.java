/**
 * The language of the Bazaar event bus: service proxy interfaces, the data objects they carry, and the error codes
 * services fail with. Everything here travels as JSON, so a client in any language can speak it.
 */
@ModuleGen(name = "bazaar", groupPackage = "dev.bazaar.contracts")
package dev.bazaar.contracts;

import io.vertx.codegen.annotations.ModuleGen;
