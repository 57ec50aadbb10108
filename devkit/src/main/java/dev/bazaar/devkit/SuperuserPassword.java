package dev.bazaar.devkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The password of the embedded PostgreSQL's superuser, {@code postgres}: made on a data directory's first start and
 * kept in it, in {@value #FILE}, readable by its owner only. Hex, so that it goes into a URI and an SQL literal as it
 * is; 256 random bits, so that it cannot be guessed.
 */
final class SuperuserPassword {

  private static final Logger LOG = LoggerFactory.getLogger(SuperuserPassword.class);

  static final String FILE = "postgres-password";
  private static final int BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SuperuserPassword() {
  }

  static Path file(Path dataDirectory) {
    return dataDirectory.resolve(FILE);
  }

  static String generate() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * The password kept in {@code dataDirectory}, if it has one yet; a file that others could read (copied, or made by
   * hand) is made its owner's only again, as is the directory.
   */
  static Optional<String> kept(Path dataDirectory) {
    Path file = file(dataDirectory);
    try {
      // A new directory is tightened too (initdb would do it), but only one that held data before is news.
      if (OwnerOnly.tightenDirectory(dataDirectory) && Files.exists(dataDirectory.resolve("postgresql.conf"))) {
        LOG.warn("{} was open to other users; it is its owner's only now", dataDirectory);
      }
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      if (OwnerOnly.tightenFile(file)) {
        LOG.warn("{} was readable by other users; it is its owner's only now", file);
      }
      String password = Files.readString(file).strip();
      if (password.isEmpty()) {
        throw new IllegalStateException(file + " is empty; restore the password it held");
      }
      return Optional.of(password);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void keep(Path dataDirectory, String password) {
    Path file = file(dataDirectory);
    try {
      OwnerOnly.write(file, password + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
