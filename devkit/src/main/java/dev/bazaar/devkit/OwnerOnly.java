package dev.bazaar.devkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Files that hold a secret and the directories they sit in: readable by their owner only, on POSIX file systems. On
 * others (Windows), the file system's own access rules apply.
 */
public final class OwnerOnly {

  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  /** What may stay on a directory: PostgreSQL itself accepts a data directory its group may read (initdb -g). */
  private static final Set<PosixFilePermission> LAX = EnumSet.of(PosixFilePermission.GROUP_WRITE,
    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private OwnerOnly() {
  }

  /**
   * Writes {@code content} to {@code file} with permissions {@code rw-------}, whole or not at all: it is written to a
   * temporary file beside it, which never has wider permissions, then moved over it.
   */
  public static void write(Path file, String content) throws IOException {
    Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
    try {
      restrict(temporary, FILE);
      Files.writeString(temporary, content);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Takes any permission but its owner's read and write off {@code file}; whether it had to. */
  public static boolean tightenFile(Path file) throws IOException {
    return tighten(file, now -> !now.equals(FILE), FILE);
  }

  /** Takes write from its group and everything from others off {@code directory}; whether it had to. */
  public static boolean tightenDirectory(Path directory) throws IOException {
    return tighten(directory, now -> now.stream().anyMatch(LAX::contains), DIRECTORY);
  }

  private static boolean tighten(Path path, Predicate<Set<PosixFilePermission>> lax, Set<PosixFilePermission> tight)
    throws IOException {
    try {
      if (!lax.test(Files.getPosixFilePermissions(path))) {
        return false;
      }
      Files.setPosixFilePermissions(path, tight);
      return true;
    } catch (UnsupportedOperationException notPosix) {
      return false;
    }
  }

  private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, permissions);
    } catch (UnsupportedOperationException notPosix) {
      // the file system's own access rules apply
    }
  }
}
