package dev.bazaar.launcher;

import dev.bazaar.devkit.SigningKey;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The ES256 key pair a shop without configured keys signs and checks its own tokens with. It is made on first use
 * under {@code <data-dir>/keys}, readable by its owner only, and kept across restarts so tokens stay valid.
 */
record LocalSigningKey(SigningKey key, String keyId) {

  static LocalSigningKey loadOrCreate(Path dataDir) {
    Path directory = dataDir.resolve("keys");
    Path privateFile = directory.resolve("jwt-es256-private.pem");
    Path publicFile = directory.resolve("jwt-es256-public.pem");
    try {
      Files.createDirectories(directory);
      ownerOnly(directory, "rwx------");
      // A shop and a `bazaar token` starting together must not each make half of a key pair.
      try (FileChannel lockFile = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           FileLock lock = lockFile.lock()) {
        if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
          write(directory, privateFile, publicFile, SigningKey.generate());
        }
        SigningKey key = new SigningKey(Files.readString(privateFile), Files.readString(publicFile));
        return new LocalSigningKey(key, keyIdOf(key.publicPem()));
      }
    } catch (IOException e) {
      throw new StartupException("cannot keep the local signing key in " + directory + " (" + e.getMessage() + ")");
    }
  }

  private static void write(Path directory, Path privateFile, Path publicFile, SigningKey key) throws IOException {
    Path temporary = Files.createTempFile(directory, "jwt", ".tmp");
    ownerOnly(temporary, "rw-------");
    Files.writeString(temporary, key.privatePem());
    Files.writeString(publicFile, key.publicPem());
    // The private key appears whole or not at all, even if the process dies while writing it.
    Files.move(temporary, privateFile, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void ownerOnly(Path path, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file system's own access rules apply.
    }
  }

  /** A short id that changes with the key, so tokens signed by a replaced key name a key nobody knows. */
  private static String keyIdOf(String publicPem) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicPem.getBytes(StandardCharsets.US_ASCII));
      return "local-" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
